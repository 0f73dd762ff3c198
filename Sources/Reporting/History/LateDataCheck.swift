import Connectors
import Foundation

/// Finds rolled-up UTC days whose raw points changed since their rollup: one InfluxDB query per tenant, one ClickHouse query in all.
///
/// Per tenant and rollup day it compares the points InfluxDB stores (metric samples per field,
/// heartbeats) with what the rollup wrote (`metrics_hourly` samples and dropped samples,
/// `availability_hourly` heartbeats). Points that came late make the raw count larger; a raw
/// count that is smaller (retention expired, series dropped) is reported but never asks for a
/// re-roll, since rolling the day up again would lose what the rollup still keeps. A point
/// rewritten with the same timestamp changes no count and is not seen.
public struct LateDataCheck {
    let influx: InfluxClient
    let clickhouse: ClickHouseClient

    public init(influx: InfluxClient, clickhouse: ClickHouseClient) {
        self.influx = influx
        self.clickhouse = clickhouse
    }

    /// One tenant whose counts of a day differ.
    public struct Change: Sendable {
        public var tenant: Tenant
        /// What the rollup holds.
        public var rolledUp: PointCounts
        /// What InfluxDB holds now.
        public var raw: PointCounts
        /// Raw points the rollup does not have (InfluxDB has more of some figure).
        public var gained: Bool { rolledUp.isExceeded(by: raw) }
        /// The rollup has points InfluxDB no longer has.
        public var lost: Bool { raw.isExceeded(by: rolledUp) }
    }

    /// One UTC day with changed counts.
    public struct Day: Sendable {
        /// The day's 00:00 UTC (epoch seconds).
        public var start: Int64
        public var changes: [Change]
        /// Roll it up again: some tenant gained points and none lost any.
        public var needsRollup: Bool { changes.contains(where: \.gained) && !changes.contains(where: \.lost) }
    }

    /// The days of `days` (UTC day starts) whose counts differ for some tenant of `tenants`, in day order.
    public func changedDays(tenants: [Tenant], days: Set<Int64>) throws -> [Day] {
        guard let first = days.min(), let last = days.max(), !tenants.isEmpty else { return [] }
        let rolledUp = try RollupCatalog(clickhouse: clickhouse).pointCounts(organizationIDs: tenants.map(\.id), first: first, last: last)
        let reader = RawHistoryReader(influx: influx)
        var changes: [Int64: [Change]] = [:]
        for tenant in tenants {
            let raw = try reader.pointCounts(organizationID: tenant.id, grid: HourGrid(timeZone: tenant.timeZone), first: first, last: last,
                                             purpose: "late data: raw points of tenant \(tenant.slug) "
                                                 + "\(HourlyStore.dayText(first))..\(HourlyStore.dayText(last))")
            for day in days {
                let stored = rolledUp[tenant.id]?[day] ?? PointCounts(), now = raw[day] ?? PointCounts()
                if stored != now { changes[day, default: []].append(Change(tenant: tenant, rolledUp: stored, raw: now)) }
            }
        }
        return changes.keys.sorted().map { Day(start: $0, changes: changes[$0]!) }
    }
}
