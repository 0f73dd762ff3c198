import Analytics

/// The metric figures of one tenant over one range, folded from either tier.
///
/// ClickHouse segments arrive already aggregated (a cell per device and metric, sums per
/// device, metric and day, tenant totals per hour); InfluxDB segments arrive as raw-built
/// `DeviceHour`s and are folded here into the same shapes. Metric index = `Metric.allCases` order.
public struct MetricAggregates {
    /// One device's figures.
    public struct Device {
        /// Period cell per metric, with its sketch.
        public var period: [RollupCell]
        /// Sum, samples and max per metric per day bucket (empty arrays when not per day).
        public var daySums: [[Double]]
        public var dayCounts: [[Int64]]
        public var dayMax: [[Double]]
    }

    /// Sum and samples of a metric over all devices in one hour.
    public struct Total: Sendable {
        public var samples: Int64 = 0
        public var sum: Double = 0
        public var mean: Double? { samples > 0 ? sum / Double(samples) : nil }
    }

    public let days: [EpochInterval]
    public let hourly: Bool
    /// Whether period cells carry their sketches (false: `quantile` is nil, ClickHouse skips the merge).
    public let percentiles: Bool
    public private(set) var devices: [String: Device] = [:]
    /// Tenant totals per metric per hour start (only when `hourly`).
    public private(set) var tenantHours: [[Int64: Total]]

    /// Empty aggregates; `days` are the local day buckets (empty: no per-day figures), `hourly` asks for tenant hour totals.
    ///
    /// Without `percentiles`, cells read from ClickHouse carry no sketch (their `quantile` is nil).
    public init(days: [EpochInterval], hourly: Bool, percentiles: Bool = true) {
        self.days = days
        self.hourly = hourly
        self.percentiles = percentiles
        tenantHours = Array(repeating: [:], count: Metric.allCases.count)
    }

    private var emptyDevice: Device {
        let m = Metric.allCases.count
        return Device(period: Array(repeating: RollupCell(), count: m),
                      daySums: Array(repeating: Array(repeating: 0, count: days.count), count: m),
                      dayCounts: Array(repeating: Array(repeating: 0, count: days.count), count: m),
                      dayMax: Array(repeating: Array(repeating: -.infinity, count: days.count), count: m))
    }

    /// Merges a period cell of `device` (a ClickHouse segment).
    public mutating func add(device: String, metric: Int, cell: RollupCell) {
        if devices[device] == nil { devices[device] = emptyDevice }
        devices[device]!.period[metric].merge(cell)
    }

    /// Adds one day bucket's figures of `device` (a ClickHouse segment).
    public mutating func add(device: String, metric: Int, day: Int, samples: Int64, sum: Double, max: Double?) {
        guard day >= 0, day < days.count else { return }
        if devices[device] == nil { devices[device] = emptyDevice }
        devices[device]!.daySums[metric][day] += sum
        devices[device]!.dayCounts[metric][day] += samples
        if let max, max > devices[device]!.dayMax[metric][day] { devices[device]!.dayMax[metric][day] = max }
    }

    /// Adds one hour's tenant total (a ClickHouse segment).
    public mutating func add(metric: Int, hour: Int64, samples: Int64, sum: Double) {
        guard hourly else { return }
        var total = tenantHours[metric][hour] ?? Total()
        total.samples += samples
        total.sum += sum
        // An hour with no sample left (only dropped ones, or subtracted devices) is no hour, as in the raw tier.
        tenantHours[metric][hour] = total.samples > 0 ? total : nil
    }

    /// Folds raw-built hours of one device (an InfluxDB segment): hours in time order.
    public mutating func add(device: String, hours: [DeviceHour]) {
        let metrics = Metric.allCases.count
        var cells = Array(repeating: RollupCell(), count: metrics)
        var any = false
        var dayCells: [Int: [RollupCell]] = [:]
        for h in hours where h.hasMetrics {
            any = true
            let d = days.isEmpty ? nil : days.index(containing: h.hour)
            for m in 0..<metrics {
                let cell = h.metrics[m]
                guard cell.samples > 0 || cell.droppedSamples > 0 else { continue }
                cells[m].merge(cell)
                if let d { dayCells[d, default: Array(repeating: RollupCell(), count: metrics)][m].merge(cell) }
                if cell.samples > 0 { add(metric: m, hour: h.hour, samples: cell.samples, sum: cell.sum) }
            }
        }
        guard any else { return }
        for m in 0..<metrics where cells[m].samples > 0 || cells[m].droppedSamples > 0 { add(device: device, metric: m, cell: cells[m]) }
        for (d, dayCell) in dayCells.sorted(by: { $0.key < $1.key }) {
            for m in 0..<metrics where dayCell[m].samples > 0 {
                add(device: device, metric: m, day: d, samples: dayCell[m].samples, sum: dayCell[m].sum, max: dayCell[m].maximum)
            }
        }
    }
}
