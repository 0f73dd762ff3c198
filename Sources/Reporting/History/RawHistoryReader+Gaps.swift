import Analytics
import Connectors
import Foundation

/// Heartbeat summaries straight from InfluxDB with the gaps computed by InfluxDB.
///
/// Instead of every check-in (1,440 a day per device), InfluxDB returns per device its first
/// and last heartbeat and only the gaps longer than `grace` (`elapsed()` in a subquery). A
/// device that reported `online=false` anywhere in the range needs its flag changes, which
/// InfluxQL cannot compute: those devices (rare) are read point by point as before. Heartbeat
/// times are whole seconds (truncated), as in the rollups, so both paths give the same summary.
extension RawHistoryReader {
    /// One `HeartbeatGapSummary` per device with heartbeats in [from, to), gaps over `grace` only.
    /// Returns the result rows read.
    @discardableResult
    public func heartbeatSummaries(organizationID: String, grid: HourGrid, from: Int64, to: Int64, grace: Int64, purpose: String,
                                   _ visit: (_ device: String, _ summary: HeartbeatGapSummary) throws -> Void) throws -> Int {
        let scope = "organization_id = \(InfluxQL.string(organizationID)) AND time >= \(from)s AND time < \(to)s"
        var rows = 0
        var offline = Set<String>()
        try influx.query("SELECT count(online) FROM heartbeat WHERE \(scope) AND online = false GROUP BY device_id",
                         purpose: "\(purpose) (devices reporting offline)") { chunk in
            rows += chunk.values.count
            if chunk.values.contains(where: { ($0.last?.int ?? 0) > 0 }) { offline.insert(chunk.tags["device_id"] ?? "") }
        }
        var firsts: [String: Heartbeat] = [:], lasts: [String: Heartbeat] = [:]
        for (selector, isFirst) in [("first", true), ("last", false)] {
            try influx.query("SELECT \(selector)(online) FROM heartbeat WHERE \(scope) GROUP BY device_id",
                             purpose: "\(purpose) (\(selector) heartbeat)") { chunk in
                let device = chunk.tags["device_id"] ?? ""
                guard let row = chunk.values.first, let t = row[0].int else { return }
                rows += 1
                let beat = Heartbeat(time: Int64(t), online: row.count > 1 ? row[1].bool ?? true : true)
                if isFirst { firsts[device] = beat } else { lasts[device] = beat }
            }
        }
        // elapsed() in milliseconds: the seconds between truncated times can exceed the
        // truncated difference by one, so ask for anything over grace - 1 s and decide here.
        var gaps: [String: [HeartbeatGap]] = [:]
        let threshold = max(grace - 1, 0) * 1000
        try influx.query("SELECT gap FROM (SELECT elapsed(online, 1ms) AS gap FROM heartbeat WHERE \(scope) GROUP BY device_id) "
                         + "WHERE gap > \(threshold) GROUP BY device_id", epoch: "ms", purpose: "\(purpose) (gaps over \(grace) s)") { chunk in
            let device = chunk.tags["device_id"] ?? ""
            guard let index = chunk.index(of: "gap") else { return }
            for row in chunk.values {
                guard let endMS = row[0].int, let gapMS = row[index].int else { continue }
                rows += 1
                let end = RawHistoryReader.seconds(Int64(endMS)), start = RawHistoryReader.seconds(Int64(endMS - gapMS))
                if end - start > grace { gaps[device, default: []].append(HeartbeatGap(end: end, seconds: end - start)) }
            }
        }
        for device in firsts.keys.sorted() where !offline.contains(device) {
            guard let first = firsts[device], let last = lasts[device] else { continue }
            let own = (gaps[device] ?? []).sorted { $0.end < $1.end }
            try visit(device, HeartbeatGapSummary(first: first, last: last, gaps: own, transitions: []))
        }
        // Devices with online=false: every point, in groups so the query stays short.
        let flagged = offline.sorted()
        var start = 0
        while start < flagged.count {
            let group = flagged[start..<min(start + 100, flagged.count)]
            start += group.count
            let devices = group.map { "device_id = \(InfluxQL.string($0))" }.joined(separator: " OR ")
            let q = "SELECT online FROM heartbeat WHERE \(scope) AND (\(devices)) GROUP BY device_id"
            rows += try heartbeatPoints(q, grid: grid, purpose: "\(purpose) (devices reporting offline, every point)") { device, hours in
                let summary = SummaryStitcher.stitch(hours.lazy.filter(\.hasHeartbeats).map(\.summary), grace: grace)
                if summary.first != nil { try visit(device, summary) }
            }
        }
        return rows
    }

    /// Epoch milliseconds to whole seconds, truncated like InfluxDB's `epoch=s`.
    static func seconds(_ ms: Int64) -> Int64 { ms >= 0 ? ms / 1000 : (ms - 999) / 1000 }
}
