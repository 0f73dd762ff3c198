import Analytics
import Connectors
import Foundation

/// Reads and writes `DeviceHour`s in ClickHouse (`metrics_hourly`, `availability_hourly`).
///
/// Writes are batched TSV inserts; reads stream rows ordered by device and hour and are
/// always scoped by the tenant's id. Times are epoch seconds on the wire.
public struct HourlyStore {
    let clickhouse: ClickHouseClient

    public init(clickhouse: ClickHouseClient) { self.clickhouse = clickhouse }

    /// Buffers rows and inserts them in batches of about 8 MB.
    public final class Writer {
        let clickhouse: ClickHouseClient
        private var metrics: [UInt8] = []
        private var availability: [UInt8] = []
        public private(set) var rows = 0
        static let flushBytes = 8 << 20

        init(clickhouse: ClickHouseClient) {
            self.clickhouse = clickhouse
            metrics.reserveCapacity(Writer.flushBytes + 65_536)
            availability.reserveCapacity(Writer.flushBytes + 65_536)
        }

        /// Appends the metric cells and/or heartbeat summary of one device-hour.
        public func append(organizationID: String, deviceID: String, grid: HourGrid, hour h: DeviceHour) throws {
            let day = Array(HourlyStore.dayText(grid.rollupDay(ofHour: h.hour)).utf8)
            let hour = Array(HourlyStore.dateTimeText(h.hour).utf8)
            var prefix: [UInt8] = day + [9]
            ClickHouseLiteral.appendTSV(organizationID, to: &prefix)
            prefix.append(9)
            ClickHouseLiteral.appendTSV(deviceID, to: &prefix)
            prefix.append(9)
            for (i, metric) in Metric.allCases.enumerated() {
                let cell = h.metrics[i]
                guard cell.samples > 0 || cell.droppedSamples > 0 else { continue }
                metrics += prefix
                metrics += Array("\(metric.rawValue)\t".utf8) + hour
                metrics += Array("\t\(cell.samples)\t\(cell.samples > 0 ? cell.sum : 0)\t\(cell.minimum ?? 0)\t\(cell.maximum ?? 0)\t\(cell.droppedSamples)\t".utf8)
                ClickHouseLiteral.appendTSV(bytes: cell.sketch.encoded(), to: &metrics)
                metrics.append(10)
                rows += 1
            }
            if let first = h.summary.first, let last = h.summary.last {
                let s = h.summary
                availability += prefix + hour
                availability += Array("\t\(h.heartbeats)\t\(first.time)\t\(first.online ? 1 : 0)\t\(last.time)\t\(last.online ? 1 : 0)\t".utf8)
                availability += Array("[\(s.gaps.map { String($0.end) }.joined(separator: ","))]\t".utf8)
                availability += Array("[\(s.gaps.map { String($0.seconds) }.joined(separator: ","))]\t".utf8)
                availability += Array("[\(s.transitions.map { String($0.time) }.joined(separator: ","))]\t".utf8)
                availability += Array("[\(s.transitions.map { $0.online ? "1" : "0" }.joined(separator: ","))]\n".utf8)
                rows += 1
            }
            if metrics.count > Writer.flushBytes || availability.count > Writer.flushBytes { try flush() }
        }

        /// Sends what is buffered.
        public func flush() throws {
            if !metrics.isEmpty {
                try clickhouse.insert(into: "metrics_hourly", columns: ["day", "organization_id", "device_id", "metric", "hour", "samples",
                                                                        "sum", "min", "max", "dropped", "sketch"],
                                      tsv: metrics, purpose: "rollup: insert metrics_hourly")
                metrics.removeAll(keepingCapacity: true)
            }
            if !availability.isEmpty {
                try clickhouse.insert(into: "availability_hourly", columns: ["day", "organization_id", "device_id", "hour", "heartbeats",
                                                                             "first_time", "first_online", "last_time", "last_online",
                                                                             "gap_ends", "gap_seconds", "transition_times", "transition_online"],
                                      tsv: availability, purpose: "rollup: insert availability_hourly")
                availability.removeAll(keepingCapacity: true)
            }
        }
    }

    public func writer() -> Writer { Writer(clickhouse: clickhouse) }

    /// Streams a tenant's metric cells with `hour` in [from, to), ordered by device then hour.
    public func readMetrics(organizationID: String, from: Int64, to: Int64, purpose: String,
                            _ visit: (_ device: String, _ metric: Metric, _ hour: Int64, _ cell: RollupCell) throws -> Void) throws {
        let sql = """
            SELECT device_id, metric, toUInt32(hour), samples, sum, min, max, dropped, sketch FROM metrics_hourly
            WHERE organization_id = \(ClickHouseLiteral.string(organizationID))
              AND hour >= toDateTime(\(from)) AND hour < toDateTime(\(to))
            ORDER BY device_id, metric, hour
            """
        var device = ""
        var deviceBytes: [UInt8] = []
        try clickhouse.query(sql, columns: 9, purpose: purpose) { row in
            let raw = row.bytes(0)
            if raw != deviceBytes {
                deviceBytes = raw
                device = String(decoding: raw, as: UTF8.self)
            }
            guard let metric = Metric(rawValue: row.string(1)) else { return }
            let sketch = try QuantileSketch(decoding: row.bytes(8))
            let cell = try RollupCell(samples: Int64(row.int(3) ?? 0), sum: row.double(4) ?? 0, min: row.double(5) ?? 0,
                                      max: row.double(6) ?? 0, droppedSamples: Int64(row.int(7) ?? 0), sketch: sketch)
            try visit(device, metric, Int64(row.int(2) ?? 0), cell)
        }
    }

    /// Streams a tenant's heartbeat summaries with `hour` in [from, to), ordered by device then hour.
    public func readAvailability(organizationID: String, from: Int64, to: Int64, purpose: String,
                                 _ visit: (_ device: String, _ hour: DeviceHour) throws -> Void) throws {
        let sql = """
            SELECT device_id, toUInt32(hour), heartbeats, first_time, first_online, last_time, last_online,
                   gap_ends, gap_seconds, transition_times, transition_online FROM availability_hourly
            WHERE organization_id = \(ClickHouseLiteral.string(organizationID))
              AND hour >= toDateTime(\(from)) AND hour < toDateTime(\(to))
            ORDER BY device_id, hour
            """
        try clickhouse.query(sql, columns: 11, purpose: purpose) { row in
            var h = DeviceHour(hour: Int64(row.int(1) ?? 0))
            h.heartbeats = row.int(2) ?? 0
            h.summary.first = Heartbeat(time: Int64(row.int(3) ?? 0), online: row.int(4) == 1)
            h.summary.last = Heartbeat(time: Int64(row.int(5) ?? 0), online: row.int(6) == 1)
            let ends = HourlyStore.intArray(row.string(7)), seconds = HourlyStore.intArray(row.string(8))
            let times = HourlyStore.intArray(row.string(9)), online = HourlyStore.intArray(row.string(10))
            guard ends.count == seconds.count, times.count == online.count else {
                throw ReportingError(.io, "availability_hourly row with mismatched arrays for device \(row.string(0))")
            }
            h.summary.gaps = zip(ends, seconds).map { HeartbeatGap(end: $0, seconds: $1) }
            h.summary.transitions = zip(times, online).map { Heartbeat(time: $0, online: $1 == 1) }
            try visit(row.string(0), h)
        }
    }

    static func intArray(_ text: String) -> [Int64] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Int64($0) }
    }

    /// `YYYY-MM-DD` of a UTC day start.
    static func dayText(_ t: Int64) -> String {
        let c = civil(t)
        return String(format: "%04d-%02d-%02d", c.y, c.m, c.d)
    }

    /// `YYYY-MM-DD hh:mm:ss` in UTC (the columns are `DateTime('UTC')`).
    static func dateTimeText(_ t: Int64) -> String {
        let c = civil(t)
        let s = ((t % 86_400) + 86_400) % 86_400
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.y, c.m, c.d, s / 3600, s % 3600 / 60, s % 60)
    }

    static func civil(_ t: Int64) -> (y: Int, m: Int, d: Int) {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let date = CivilDate(daysSinceEpoch: days)
        return (date.year, date.month, date.day)
    }
}
