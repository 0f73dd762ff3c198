import Analytics
import Connectors
import Foundation

/// Reads from the rollup tables with the aggregation done inside ClickHouse.
///
/// A month of a 10,000-device tenant is 7 million hourly heartbeat rows and 21 million metric
/// rows; these queries return one row per device (summaries, period cells with merged sketch
/// bins), per device and day, or per hour. Every query is scoped by the tenant's id; device
/// filters (`HourlyStore.DeviceFilter`) leave out devices PostgreSQL no longer lists.
extension HourlyStore {
    /// One heartbeat summary per device over hours in [from, to), keeping gaps longer than `grace`.
    ///
    /// Equal to `SummaryStitcher.stitch` of the device's hourly summaries: within-hour gaps and
    /// flag changes come from the stored arrays; the links between consecutive hours (the gap
    /// from one hour's last heartbeat to the next hour's first, a flag change across them) are
    /// computed in ClickHouse from the hours sorted by their first heartbeat.
    public func readSummaries(organizationID: String, from: Int64, to: Int64, grace: Int64, purpose: String,
                              _ visit: (_ device: String, _ summary: HeartbeatGapSummary) throws -> Void) throws -> Int {
        let g = max(grace, 0)
        let sql = """
            SELECT device_id, hs[1].1, hs[1].2, hs[-1].3, hs[-1].4,
                   arrayFilter((e, s) -> s > \(g), ge, gs), arrayFilter(s -> s > \(g), gs),
                   arrayMap(l -> l.1, arrayFilter(l -> l.2 > \(g), links)), arrayMap(l -> l.2, arrayFilter(l -> l.2 > \(g), links)),
                   tt, tn,
                   arrayMap(l -> l.1, arrayFilter(l -> l.3 != l.4, links)), arrayMap(l -> l.3, arrayFilter(l -> l.3 != l.4, links))
            FROM (
                SELECT device_id,
                       arraySort(x -> x.1, groupArray((first_time, first_online, last_time, last_online))) AS hs,
                       arrayMap((p, n) -> (n.1, toInt64(n.1) - toInt64(p.3), n.2, p.4), arrayPopBack(hs), arrayPopFront(hs)) AS links,
                       groupArrayArray(gap_ends) AS ge, groupArrayArray(gap_seconds) AS gs,
                       groupArrayArray(transition_times) AS tt, groupArrayArray(transition_online) AS tn
                FROM availability_hourly
                WHERE organization_id = \(ClickHouseLiteral.string(organizationID))
                  AND hour >= toDateTime(\(from)) AND hour < toDateTime(\(to))
                GROUP BY device_id
            )
            ORDER BY device_id
            """
        return try clickhouse.query(sql, columns: 13, purpose: purpose) { row in
            let device = row.string(0)
            func ints(_ i: Int) throws -> [Int] {
                guard let v = row.integers(i) else { throw HourlyStore.malformed(i, device: device, purpose: purpose) }
                return v
            }
            guard let firstTime = row.int(1), let lastTime = row.int(3) else { throw HourlyStore.malformed(1, device: device, purpose: purpose) }
            var summary = HeartbeatGapSummary(first: Heartbeat(time: Int64(firstTime), online: row.int(2) == 1),
                                              last: Heartbeat(time: Int64(lastTime), online: row.int(4) == 1), gaps: [], transitions: [])
            let innerEnds = try ints(5), innerSeconds = try ints(6), linkEnds = try ints(7), linkSeconds = try ints(8)
            let innerTimes = try ints(9), innerOnline = try ints(10), linkTimes = try ints(11), linkOnline = try ints(12)
            guard innerEnds.count == innerSeconds.count, linkEnds.count == linkSeconds.count,
                  innerTimes.count == innerOnline.count, linkTimes.count == linkOnline.count else {
                throw HourlyStore.malformed(5, device: device, purpose: purpose)
            }
            summary.gaps = (zip(innerEnds, innerSeconds).map { HeartbeatGap(end: Int64($0), seconds: Int64($1)) }
                + zip(linkEnds, linkSeconds).map { HeartbeatGap(end: Int64($0), seconds: Int64($1)) }).sorted { $0.end < $1.end }
            summary.transitions = (zip(innerTimes, innerOnline).map { Heartbeat(time: Int64($0), online: $1 == 1) }
                + zip(linkTimes, linkOnline).map { Heartbeat(time: Int64($0), online: $1 == 1) }).sorted { $0.time < $1.time }
            try visit(device, summary)
        }
    }

    /// The metric rows of hours in [from, to) as one table (`d` = the day bucket of the hour or piece start):
    /// `metrics_hourly` alone, or with `daily` (whole `DayPieces` pieces inside the range, all
    /// of them written) its pieces from `metrics_daily` and only the hours outside it hourly.
    static func metricRows(organizationID: String, from: Int64, to: Int64, daily: EpochInterval?, dayStarts: [Int64] = []) -> String {
        let org = ClickHouseLiteral.string(organizationID)
        let starts = "[" + dayStarts.map(String.init).joined(separator: ",") + "]"
        // The day bucket `d` (1-based; 0 before the first start), of the hour or of the piece start.
        func bucket(_ column: String) -> String { dayStarts.isEmpty ? "0 AS d" : "arrayCount(b -> b <= toInt64(toUInt32(\(column))), \(starts)) AS d" }
        let hourly = """
            SELECT device_id, metric, \(bucket("hour")), toUInt64(samples) AS samples, sum, min, max, toUInt64(dropped) AS dropped, bin_keys, bin_counts
            FROM metrics_hourly WHERE organization_id = \(org)
            """
        guard let daily, daily.start >= from, daily.end <= to, daily.start < daily.end else {
            return hourly + " AND hour >= toDateTime(\(from)) AND hour < toDateTime(\(to))"
        }
        return hourly + """
             AND ((hour >= toDateTime(\(from)) AND hour < toDateTime(\(daily.start))) OR (hour >= toDateTime(\(daily.end)) AND hour < toDateTime(\(to))))
            UNION ALL
            SELECT device_id, metric, \(bucket("piece_start")), samples, sum, min, max, dropped, bin_keys, bin_counts
            FROM metrics_daily WHERE organization_id = \(org)
              AND piece_start >= toDateTime(\(daily.start)) AND piece_end <= toDateTime(\(daily.end))
            """
    }

    /// One cell per device and metric over hours in [from, to): counts, sum, min, max and the
    /// sketch merged by `sumMap` of the hourly bins (of the daily pieces for the `daily` range,
    /// see `metricRows`). Without `percentiles` the sketch is left out (cells whose `quantile`
    /// is nil): the `sumMap` is most of the query's cost. Returns the rows read.
    public func readMetricCells(organizationID: String, from: Int64, to: Int64, daily: EpochInterval? = nil, percentiles: Bool = true,
                                purpose: String, _ visit: (_ device: String, _ metric: Int, _ cell: RollupCell) throws -> Void) throws -> Int {
        let sql = """
            SELECT device_id, metric, sum(samples), sum(sum), minIf(min, samples > 0), maxIf(max, samples > 0), sum(dropped)\(percentiles ? ",\n       sumMap(bin_keys, bin_counts)" : "")
            FROM (
            \(HourlyStore.metricRows(organizationID: organizationID, from: from, to: to, daily: daily))
            )
            GROUP BY device_id, metric
            ORDER BY device_id, metric
            """
        var ids = DeviceIDCache()
        return try clickhouse.query(sql, columns: percentiles ? 8 : 7, purpose: purpose) { row in
            let device = ids.device(row)
            guard let metric = HourlyStore.metricIndex(row, 1) else { return }
            let samples = Int64(row.int(2) ?? 0)
            let low = row.double(4) ?? 0, high = row.double(5) ?? 0
            do {
                let cell: RollupCell
                if percentiles {
                    guard let bins = row.integers(7), bins.count % 2 == 0 else { throw HourlyStore.malformed(7, device: device, purpose: purpose) }
                    let half = bins.count / 2
                    let sketch = try QuantileSketch(binKeys: bins[..<half].map { Int32(truncatingIfNeeded: $0) },
                                                    counts: bins[half...].map { UInt64(Swift.max(0, $0)) }, min: low, max: high)
                    cell = try RollupCell(samples: samples, sum: row.double(3) ?? 0, min: low, max: high,
                                          droppedSamples: Int64(row.int(6) ?? 0), sketch: sketch)
                } else {
                    cell = try RollupCell(samples: samples, sum: row.double(3) ?? 0, min: low, max: high, droppedSamples: Int64(row.int(6) ?? 0))
                }
                try visit(device, metric, cell)
            } catch let error as AnalyticsError {
                throw ReportingError(.io, "\(purpose): ClickHouse returned an inconsistent rollup for device \(device): \(error)")
            }
        }
    }

    /// Per device, metric and day bucket (buckets start at `dayStarts`, ascending): samples, sum, max.
    /// With `daily` (see `metricRows`), every bucket start inside it must be a piece start.
    public func readMetricDays(organizationID: String, from: Int64, to: Int64, daily: EpochInterval? = nil, dayStarts: [Int64], purpose: String,
                               _ visit: (_ device: String, _ metric: Int, _ day: Int, _ samples: Int64, _ sum: Double, _ max: Double?) throws -> Void) throws -> Int {
        guard !dayStarts.isEmpty else { return 0 }
        let sql = """
            SELECT device_id, metric, d, sum(samples), sum(sum), maxIf(max, samples > 0)
            FROM (
            \(HourlyStore.metricRows(organizationID: organizationID, from: from, to: to, daily: daily, dayStarts: dayStarts))
            )
            GROUP BY device_id, metric, d
            ORDER BY device_id, metric, d
            """
        var ids = DeviceIDCache()
        return try clickhouse.query(sql, columns: 6, purpose: purpose) { row in
            let device = ids.device(row)
            guard let metric = HourlyStore.metricIndex(row, 1), let d = row.int(2), d >= 1, d <= dayStarts.count else { return }
            let samples = Int64(row.int(3) ?? 0)
            try visit(device, metric, d - 1, samples, row.double(4) ?? 0, samples > 0 ? row.double(5) : nil)
        }
    }

    /// Tenant totals per metric and hour in [from, to): samples and sum (for the hourly charts).
    public func readTenantHours(organizationID: String, from: Int64, to: Int64, devices filter: DeviceFilter, purpose: String,
                                _ visit: (_ metric: Int, _ hour: Int64, _ samples: Int64, _ sum: Double) throws -> Void) throws -> Int {
        let sql = """
            SELECT metric, toUInt32(hour), sum(samples), sum(sum)
            FROM metrics_hourly
            WHERE organization_id = \(ClickHouseLiteral.string(organizationID))
              AND hour >= toDateTime(\(from)) AND hour < toDateTime(\(to))\(filter.sql)
            GROUP BY metric, hour
            ORDER BY metric, hour
            """
        return try clickhouse.query(sql, columns: 4, purpose: purpose) { row in
            guard let metric = HourlyStore.metricIndex(row, 0), let hour = row.int(1) else { return }
            try visit(metric, Int64(hour), Int64(row.int(2) ?? 0), row.double(3) ?? 0)
        }
    }

    static let metricNames = Metric.allCases.map { Array($0.rawValue.utf8) }

    /// The `Metric.allCases` index of a row's metric column, without copying it.
    static func metricIndex(_ row: TSVRow, _ column: Int) -> Int? {
        metricNames.firstIndex { row.field(column, equals: $0) }
    }

    /// Which devices of the tenant a query covers; keep lists to about 1,000 ids (ClickHouse
    /// refuses queries over 256 KiB).
    public enum DeviceFilter: Sendable {
        case all
        case except([String])
        case only([String])

        var sql: String {
            switch self {
            case .all, .except([]): return ""
            case .except(let ids): return "\n  AND device_id NOT IN (\(ids.map(ClickHouseLiteral.string).joined(separator: ", ")))"
            case .only(let ids): return "\n  AND device_id IN (\(ids.map(ClickHouseLiteral.string).joined(separator: ", ")))"
            }
        }
    }

    static func malformed(_ column: Int, device: String, purpose: String) -> ReportingError {
        ReportingError(.io, "\(purpose): ClickHouse returned a malformed column \(column + 1) for device \(device)")
    }
}

/// The device id of column 0, decoded only when it changes (rows come ordered by device).
struct DeviceIDCache {
    private var bytes: [UInt8] = []
    private var id = ""

    mutating func device(_ row: TSVRow) -> String {
        if !row.field(0, equals: bytes) {
            bytes = row.bytes(0)
            id = String(decoding: bytes, as: UTF8.self)
        }
        return id
    }
}
