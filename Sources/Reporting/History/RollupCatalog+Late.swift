import Connectors
import Foundation

extension RollupCatalog {
    /// What the rollups of the UTC days `first`...`last` (day starts) hold for each tenant of `organizationIDs`: one query.
    ///
    /// Metric samples are `metrics_hourly` samples plus dropped ones (every stored point the
    /// rollup read); heartbeats are the `heartbeats` of `availability_hourly`. Keyed by
    /// organization id, then UTC day start; a tenant or day without rows is absent (all zero).
    public func pointCounts(organizationIDs: [String], first: Int64, last: Int64) throws -> [String: [Int64: PointCounts]] {
        guard !organizationIDs.isEmpty else { return [:] }
        let ids = organizationIDs.map(ClickHouseLiteral.string).joined(separator: ", ")
        let range = "day >= \(ClickHouseLiteral.string(HourlyStore.dayText(first))) AND day <= \(ClickHouseLiteral.string(HourlyStore.dayText(last)))"
        let rows = try clickhouse.queryStrings("""
            SELECT organization_id, toString(toUInt32(toDateTime(day))), metric, toString(sum(samples) + sum(dropped))
            FROM metrics_hourly WHERE \(range) AND organization_id IN (\(ids))
            GROUP BY organization_id, day, metric
            UNION ALL
            SELECT organization_id, toString(toUInt32(toDateTime(day))), '', toString(sum(heartbeats))
            FROM availability_hourly WHERE \(range) AND organization_id IN (\(ids))
            GROUP BY organization_id, day
            """, purpose: "late data: points the rollups of \(HourlyStore.dayText(first))..\(HourlyStore.dayText(last)) hold")
        var counts: [String: [Int64: PointCounts]] = [:]
        for row in rows {
            guard row.count == 4, let day = Int64(row[1]), let n = Int64(row[3]) else { continue }
            if row[2].isEmpty {
                counts[row[0], default: [:]][day, default: PointCounts()].heartbeats += n
            } else if let m = Metric.allCases.firstIndex(where: { $0.rawValue == row[2] }) {
                counts[row[0], default: [:]][day, default: PointCounts()].metrics[m] += n
            }
        }
        return counts
    }
}
