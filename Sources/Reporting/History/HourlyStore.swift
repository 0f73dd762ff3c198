import Analytics
import Connectors
import Foundation

/// Reads and writes `DeviceHour`s in ClickHouse (`metrics_hourly`, `availability_hourly`, `metrics_daily`).
///
/// Writes are batched inserts (`metrics_hourly` and `metrics_daily` in RowBinary, so floats arrive bit for bit;
/// `availability_hourly`, integers only, in TSV). Reads (`HourlyStore+Aggregates.swift`) aggregate inside
/// ClickHouse and are always scoped by the tenant's id. Times are epoch seconds on the wire.
public struct HourlyStore {
    let clickhouse: ClickHouseClient

    public init(clickhouse: ClickHouseClient) { self.clickhouse = clickhouse }

    /// Buffers rows and inserts them in batches of about 8 MB.
    ///
    /// Given the tenant's `pieces`, it also merges each device's metric hours into one
    /// `metrics_daily` row per metric and `DayPieces` piece (a local day cut at the rollup
    /// window): a device's hours must then come one device after another, as `rollup` and
    /// the seeders send them (a device that comes back later only adds a second row for the
    /// piece, which reads the same).
    public final class Writer {
        let clickhouse: ClickHouseClient
        private var metrics = ClickHouseRowBinary(reservingCapacity: Writer.flushBytes + 65_536)
        private var availability: [UInt8] = []
        private var daily = ClickHouseRowBinary()
        /// Rows of `metrics_hourly` and `availability_hourly` (what `rollup_days` records).
        public private(set) var rows = 0
        /// Rows of `metrics_daily`.
        public private(set) var dailyRows = 0
        /// The piece being merged: whose, where, and its cells per metric.
        private var open: (organizationID: String, deviceID: String, rollupDay: Int64, piece: EpochInterval, cells: [RollupCell])? = nil
        /// Pieces by hour start, for the time zone of `piecesZone`.
        private var pieceOfHour: [Int64: EpochInterval] = [:]
        private var piecesZone: LocalClock? = nil
        static let flushBytes = 8 << 20
        /// `day` and `hour` column texts by hour start: every device of a day shares the same 24-25.
        private var hourTexts: [Int64: (day: [UInt8], hour: [UInt8])] = [:]

        /// With a pipeline, batches are sent from its thread and `flush` waits for them.
        let pipeline: InsertPipeline?

        init(clickhouse: ClickHouseClient, pipeline: InsertPipeline? = nil) {
            self.clickhouse = clickhouse
            self.pipeline = pipeline
            availability.reserveCapacity(Writer.flushBytes + 65_536)
        }

        deinit { pipeline?.abandon() }

        /// Appends the metric cells and/or heartbeat summary of one device-hour; with `pieces`, its metrics go into the daily rows too.
        public func append(organizationID: String, deviceID: String, grid: HourGrid, hour h: DeviceHour, pieces: DayPieces? = nil) throws {
            if let pieces, h.hasMetrics { mergeDaily(organizationID: organizationID, deviceID: deviceID, pieces: pieces, hour: h) }
            let texts: (day: [UInt8], hour: [UInt8])
            if let known = hourTexts[h.hour] {
                texts = known
            } else {
                if hourTexts.count > 10_000 { hourTexts.removeAll(keepingCapacity: true) }
                texts = (Array(HourlyStore.dayText(grid.rollupDay(ofHour: h.hour)).utf8), Array(HourlyStore.dateTimeText(h.hour).utf8))
                hourTexts[h.hour] = texts
            }
            let day = texts.day, hour = texts.hour
            var prefix: [UInt8] = day + [9]
            ClickHouseLiteral.appendTSV(organizationID, to: &prefix)
            prefix.append(9)
            ClickHouseLiteral.appendTSV(deviceID, to: &prefix)
            prefix.append(9)
            var binaryPrefix: ClickHouseRowBinary? = nil
            for (i, metric) in Metric.allCases.enumerated() {
                let cell = h.metrics[i]
                guard cell.samples > 0 || cell.droppedSamples > 0 else { continue }
                if binaryPrefix == nil {
                    var p = ClickHouseRowBinary()
                    p.date(daysSinceEpoch: Int(grid.rollupDay(ofHour: h.hour) / 86_400))
                    p.string(organizationID)
                    p.string(deviceID)
                    binaryPrefix = p
                }
                metrics.append(raw: binaryPrefix!.bytes)
                metrics.string(metric.rawValue)
                metrics.dateTime(h.hour)
                metrics.uint32(UInt32(clamping: cell.samples))
                metrics.float64(cell.samples > 0 ? cell.sum : 0)
                metrics.float64(cell.minimum ?? 0)
                metrics.float64(cell.maximum ?? 0)
                metrics.uint32(UInt32(clamping: cell.droppedSamples))
                let bins = cell.sketch.bins()
                metrics.array(bins.keys)
                metrics.array(bins.counts)
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
            if metrics.count > Writer.flushBytes || availability.count > Writer.flushBytes || daily.count > Writer.flushBytes { try send() }
        }

        private func mergeDaily(organizationID: String, deviceID: String, pieces: DayPieces, hour h: DeviceHour) {
            if piecesZone != pieces.clock || pieceOfHour.count > 10_000 {
                pieceOfHour.removeAll(keepingCapacity: true)
                piecesZone = pieces.clock
            }
            let piece: EpochInterval
            if let known = pieceOfHour[h.hour] {
                piece = known
            } else {
                piece = pieces.piece(containing: h.hour)
                pieceOfHour[h.hour] = piece
            }
            if let o = open, o.piece == piece, o.deviceID == deviceID, o.organizationID == organizationID {
                for m in h.metrics.indices { open!.cells[m].merge(h.metrics[m]) }
                return
            }
            closeDaily()
            open = (organizationID, deviceID, pieces.grid.rollupDay(ofHour: h.hour), piece, h.metrics)
        }

        /// Moves the open piece's cells into the daily buffer.
        private func closeDaily() {
            guard let o = open else { return }
            open = nil
            for (i, metric) in Metric.allCases.enumerated() {
                let cell = o.cells[i]
                guard cell.samples > 0 || cell.droppedSamples > 0 else { continue }
                daily.date(daysSinceEpoch: Int(o.rollupDay / 86_400))
                daily.string(o.organizationID)
                daily.string(o.deviceID)
                daily.string(metric.rawValue)
                daily.dateTime(o.piece.start)
                daily.dateTime(o.piece.end)
                daily.uint64(UInt64(cell.samples))
                daily.float64(cell.samples > 0 ? cell.sum : 0)
                daily.float64(cell.minimum ?? 0)
                daily.float64(cell.maximum ?? 0)
                daily.uint64(UInt64(cell.droppedSamples))
                let bins = cell.sketch.bins()
                daily.array(bins.keys)
                daily.array(bins.counts)
                dailyRows += 1
            }
        }

        /// Sends what is buffered, the open daily piece included.
        public func flush() throws {
            closeDaily()
            try send()
            try pipeline?.finish()
        }

        private func insert(_ table: String, _ columns: [String], _ format: ClickHouseClient.InsertFormat, _ body: [UInt8], _ purpose: String) throws {
            if let pipeline {
                try pipeline.submit(InsertPipeline.Insert(table: table, columns: columns, format: format, body: body, purpose: purpose))
            } else {
                try clickhouse.insert(into: table, columns: columns, format: format, body: body, purpose: purpose)
            }
        }

        private func send() throws {
            if !daily.isEmpty {
                try insert("metrics_daily", ["day", "organization_id", "device_id", "metric", "piece_start", "piece_end",
                                             "samples", "sum", "min", "max", "dropped", "bin_keys", "bin_counts"],
                           .rowBinary, daily.bytes, "rollup: insert metrics_daily")
                daily.removeAll()
            }
            if !metrics.isEmpty {
                try insert("metrics_hourly", ["day", "organization_id", "device_id", "metric", "hour", "samples",
                                              "sum", "min", "max", "dropped", "bin_keys", "bin_counts"],
                           .rowBinary, metrics.bytes, "rollup: insert metrics_hourly")
                metrics.removeAll()
            }
            if !availability.isEmpty {
                try insert("availability_hourly", ["day", "organization_id", "device_id", "hour", "heartbeats",
                                                   "first_time", "first_online", "last_time", "last_online",
                                                   "gap_ends", "gap_seconds", "transition_times", "transition_online"],
                           .tabSeparated, availability, "rollup: insert availability_hourly")
                availability.removeAll(keepingCapacity: true)
            }
        }
    }

    public func writer() -> Writer { Writer(clickhouse: clickhouse) }

    /// A writer whose batches are sent by an `InsertPipeline` with clients from `servers` (the rollup's: reads never wait for inserts).
    func pipelinedWriter(servers: Servers) -> Writer {
        Writer(clickhouse: clickhouse, pipeline: InsertPipeline { try servers.clickhouse() })
    }

    static func intArray(_ text: String) -> [Int64] {
        text.dropFirst().dropLast().split(separator: ",").compactMap { Int64($0) }
    }

    /// `YYYY-MM-DD` of a UTC day start.
    package static func dayText(_ t: Int64) -> String {
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
