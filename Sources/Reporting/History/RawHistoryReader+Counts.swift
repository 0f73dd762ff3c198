import Connectors
import Foundation

extension RawHistoryReader {
    /// The raw points of one tenant per rollup day of the UTC days `first`...`last` (day starts): one query.
    ///
    /// Counts every metric field and the heartbeat flag in buckets of one day shifted by the
    /// grid's offset, so each bucket is exactly the tenant's rollup window of a UTC day (for
    /// Asia/Kolkata 00:30 to 00:30). Keyed by UTC day start; days without points are all zero.
    public func pointCounts(organizationID: String, grid: HourGrid, first: Int64, last: Int64, purpose: String) throws -> [Int64: PointCounts] {
        let from = grid.dayWindow(utcDayStart: first).start, to = grid.dayWindow(utcDayStart: last).end
        let fields = Metric.allCases.map(\.rawValue) + ["online"]
        let columns = fields.map { "count(\(InfluxQL.identifier($0))) AS \(InfluxQL.identifier($0))" }.joined(separator: ", ")
        let q = "SELECT \(columns) FROM system_metrics, heartbeat WHERE organization_id = \(InfluxQL.string(organizationID)) "
            + "AND time >= \(from)s AND time < \(to)s GROUP BY time(1d, \(grid.offset)s)"
        var counts: [Int64: PointCounts] = [:]
        try influx.query(q, purpose: purpose) { chunk in
            // One series per measurement; the other measurement's fields come back null or 0.
            let indexes = fields.map { chunk.index(of: $0) }
            for row in chunk.values {
                guard let t = row[0].int else { continue }
                let day = Int64(t) - grid.offset
                guard day >= first, day <= last else { continue }
                var c = counts[day] ?? PointCounts()
                for (m, index) in indexes.dropLast().enumerated() {
                    if let index, let n = row[index].int { c.metrics[m] += Int64(n) }
                }
                if let index = indexes.last ?? nil, let n = row[index].int { c.heartbeats += Int64(n) }
                counts[day] = c
            }
        }
        return counts
    }
}
