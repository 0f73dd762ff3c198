import Analytics
import Foundation

/// Per-device and tenant-level metric aggregates for a period, from the tiered hourly cells.
///
/// Memory per device is one period cell (with its sketch) and two small per-day arrays per
/// metric; the tenant keeps one cell per day and per hour for the charts.
struct MetricCollector {
    struct DeviceMetrics {
        /// Period cell per metric (index = `Metric.allCases` order).
        var period: [RollupCell]
        var daySums: [[Double]]
        var dayCounts: [[Int64]]
    }

    struct Result {
        var devices: [String: DeviceMetrics]
        /// Tenant cell per metric per local day.
        var tenantDays: [[RollupCell]]
        /// Tenant (sum, samples) per metric per hour start, for the charts.
        var tenantHours: [[Int64: (sum: Double, samples: Int64)]]
    }

    static func collect(_ context: inout ReportContext, period: ReportPeriod, perDay: Bool) throws -> Result {
        let metrics = Metric.allCases.count
        let days = period.dayBuckets.map(\.interval)
        var devices: [String: DeviceMetrics] = [:]
        var tenantDays = Array(repeating: Array(repeating: RollupCell(), count: days.count), count: metrics)
        var tenantHours = Array(repeating: [Int64: (sum: Double, samples: Int64)](), count: metrics)
        let known = Set(context.devices.map(\.id))
        let empty = DeviceMetrics(period: Array(repeating: RollupCell(), count: metrics),
                                  daySums: Array(repeating: Array(repeating: 0, count: perDay ? days.count : 0), count: metrics),
                                  dayCounts: Array(repeating: Array(repeating: 0, count: perDay ? days.count : 0), count: metrics))
        try context.timed(\.fetch) { c in
            try c.history.metrics(tenant: c.tenant, grid: c.grid, from: period.interval.start, to: period.interval.end) { device, metric, hour, cell in
                guard known.contains(device) else { return }
                let m = Metric.allCases.firstIndex(of: metric)!
                devices[device, default: empty].period[m].merge(cell)
                guard perDay else { return }
                if let d = KindSupport.bucketIndex(hour, in: days) {
                    devices[device]!.daySums[m][d] += cell.sum
                    devices[device]!.dayCounts[m][d] += cell.samples
                    tenantDays[m][d].merge(cell)
                }
                var slot = tenantHours[m][hour] ?? (0, 0)
                slot.sum += cell.sum
                slot.samples += cell.samples
                tenantHours[m][hour] = slot
            }
        }
        return Result(devices: devices, tenantDays: tenantDays, tenantHours: tenantHours)
    }
}
