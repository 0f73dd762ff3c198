import Analytics
import Connectors
import Foundation

/// Reads a tenant's hours from the right tier: ClickHouse for rolled-up days, InfluxDB raw for the rest.
///
/// A day counts as rolled up when `rollup_days` lists it (written last by `rollup`, so a
/// half-finished rollup is never read). Hours are visited segment by segment in time order,
/// so each device's hours arrive in time order. Both tiers yield identical `DeviceHour`s.
public struct TieredHistory {
    /// Which tier serves the hours; `.auto` is production, the others are for tests and benchmarks.
    public enum Tier: Sendable { case auto, clickhouseOnly, influxOnly }

    let store: HourlyStore
    let raw: RawHistoryReader
    let clickhouse: ClickHouseClient
    public var tier: Tier = .auto
    private var rolledDays: (from: Int64, to: Int64, days: Set<Int64>)? = nil

    public init(clickhouse: ClickHouseClient, influx: InfluxClient, tier: Tier = .auto) {
        self.clickhouse = clickhouse
        store = HourlyStore(clickhouse: clickhouse)
        raw = RawHistoryReader(influx: influx)
        self.tier = tier
    }

    /// UTC day starts (epoch seconds) that are rolled up within [from, to] (cached per range: the
    /// previous-period read of a report asks for another range than the period itself).
    public mutating func rolledUpDays(from: Int64, to: Int64) throws -> Set<Int64> {
        if let cached = rolledDays, cached.from <= from, cached.to >= to { return cached.days }
        let days = try TieredHistory.rolledUpDays(clickhouse, from: from, to: to)
        rolledDays = (from, to, days)
        return days
    }

    /// UTC day starts listed in `rollup_days` between the days of `from` and `to` (one day of margin each side).
    static func rolledUpDays(_ clickhouse: ClickHouseClient, from: Int64, to: Int64) throws -> Set<Int64> {
        let rows = try clickhouse.queryStrings("""
            SELECT DISTINCT toUInt32(toDateTime(day)) FROM rollup_days
            WHERE day >= toDate(toDateTime(\(from - 86_400))) AND day <= toDate(toDateTime(\(to + 86_400)))
            """, purpose: "rolled-up days")
        return Set(rows.compactMap { $0.first.flatMap { Int64($0) } })
    }

    /// The [start, end) runs of the range and whether each is served by ClickHouse.
    public mutating func segments(grid: HourGrid, from: Int64, to: Int64) throws -> [(from: Int64, to: Int64, rolledUp: Bool)] {
        guard to > from else { return [] }
        let days: Set<Int64>
        switch tier {
        case .auto: days = try rolledUpDays(from: from, to: to)
        case .clickhouseOnly: return [(from, to, true)]
        case .influxOnly: return [(from, to, false)]
        }
        var result: [(from: Int64, to: Int64, rolledUp: Bool)] = []
        var start = from
        while start < to {
            let day = grid.rollupDay(ofHour: grid.hourStart(start))
            let end = min(to, grid.dayWindow(utcDayStart: day).end)
            let rolled = days.contains(day)
            if let last = result.last, last.rolledUp == rolled, last.to == start {
                result[result.count - 1].to = end
            } else {
                result.append((start, end, rolled))
            }
            start = end
        }
        return result
    }

    /// Heartbeat summaries of the tenant's devices for hours in [from, to).
    public mutating func availability(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64,
                                      _ visit: (_ device: String, _ hour: DeviceHour) throws -> Void) throws {
        for segment in try segments(grid: grid, from: from, to: to) {
            if segment.rolledUp {
                try store.readAvailability(organizationID: tenant.id, from: segment.from, to: segment.to,
                                           purpose: "heartbeat rollups of tenant \(tenant.slug)", visit)
            } else {
                try raw.heartbeats(organizationID: tenant.id, grid: grid, from: segment.from, to: segment.to,
                                   purpose: "raw heartbeats of tenant \(tenant.slug)") { device, hours in
                    for h in hours where h.hasHeartbeats { try visit(device, h) }
                }
            }
        }
    }

    /// Metric cells of the tenant's devices for hours in [from, to).
    public mutating func metrics(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64,
                                 _ visit: (_ device: String, _ metric: Metric, _ hour: Int64, _ cell: RollupCell) throws -> Void) throws {
        for segment in try segments(grid: grid, from: from, to: to) {
            if segment.rolledUp {
                try store.readMetrics(organizationID: tenant.id, from: segment.from, to: segment.to,
                                      purpose: "metric rollups of tenant \(tenant.slug)", visit)
            } else {
                try raw.metrics(organizationID: tenant.id, grid: grid, from: segment.from, to: segment.to,
                                purpose: "raw metrics of tenant \(tenant.slug)") { device, hours in
                    for h in hours {
                        for (i, metric) in Metric.allCases.enumerated() where h.metrics[i].samples > 0 || h.metrics[i].droppedSamples > 0 {
                            try visit(device, metric, h.hour, h.metrics[i])
                        }
                    }
                }
            }
        }
    }
}
