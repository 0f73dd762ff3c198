import Analytics
import Foundation

/// Per-device and tenant-level metric aggregates for a period, from the tiered history.
///
/// The rolled-up part of the period is aggregated inside ClickHouse (see `TieredHistory.metrics`),
/// so memory holds one period cell per device and metric, a few per-day figures, and the
/// tenant's hourly totals for the charts; never the hourly rows of the fleet.
struct MetricCollector {
    /// A metric over all devices in one local day.
    struct DayTotal {
        var samples: Int64 = 0
        var sum: Double = 0
        var max = -Double.infinity
        var mean: Double? { samples > 0 ? sum / Double(samples) : nil }
        var maximum: Double? { samples > 0 ? max : nil }
    }

    struct Result {
        var devices: [String: MetricAggregates.Device]
        /// Tenant total per metric per local day (devices added in id order: reruns give the same bits).
        var tenantDays: [[DayTotal]]
        /// Tenant (sum, samples) per metric per hour start, for the charts.
        var tenantHours: [[Int64: MetricAggregates.Total]]
    }

    /// The aggregates of `period`; `percentiles: false` when no figure needs a quantile (cheaper to read).
    static func collect(_ context: inout ReportContext, period: ReportPeriod, perDay: Bool, percentiles: Bool = true) throws -> Result {
        let days = perDay ? period.dayBuckets.map(\.interval) : []
        var aggregates = MetricAggregates(days: days, hourly: perDay, percentiles: percentiles)
        let known = Set(context.devices.map(\.id))
        try context.timed(\.fetch) { c in
            try c.history.metrics(tenant: c.tenant, grid: c.grid, from: period.interval.start, to: period.interval.end,
                                  known: known, into: &aggregates)
        }
        return context.timed(\.compute) { _ in
            var tenantDays = Array(repeating: Array(repeating: DayTotal(), count: days.count), count: Metric.allCases.count)
            for id in aggregates.devices.keys.sorted() {
                let device = aggregates.devices[id]!
                for m in Metric.allCases.indices {
                    for d in days.indices where device.dayCounts[m][d] > 0 {
                        tenantDays[m][d].samples += device.dayCounts[m][d]
                        tenantDays[m][d].sum += device.daySums[m][d]
                        tenantDays[m][d].max = Swift.max(tenantDays[m][d].max, device.dayMax[m][d])
                    }
                }
            }
            return Result(devices: aggregates.devices, tenantDays: tenantDays, tenantHours: aggregates.tenantHours)
        }
    }
}
