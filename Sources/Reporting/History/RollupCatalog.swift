import Connectors
import Foundation

/// ClickHouse's `rollup_days`: which UTC days are completely rolled up. Every query of that table is here
/// (those of `rollup_hours`, the hours of a day not yet wholly rolled up, in `RollupCatalog+Hours.swift`).
///
/// A day counts as rolled up only once its row exists; `rollup` writes it last, so readers
/// never see a half-finished day, and drops it first (with the day's partitions of the
/// rollup tables) when the day is rolled up again.
public struct RollupCatalog {
    let clickhouse: ClickHouseClient

    public init(clickhouse: ClickHouseClient) { self.clickhouse = clickhouse }

    /// UTC day starts (epoch seconds) listed between the days of `from` and `to` (one day of margin each side).
    public func days(from: Int64, to: Int64) throws -> Set<Int64> {
        let rows = try clickhouse.queryStrings("""
            SELECT DISTINCT toUInt32(toDateTime(day)) FROM rollup_days
            WHERE day >= toDate(toDateTime(\(from - 86_400))) AND day <= toDate(toDateTime(\(to + 86_400)))
            """, purpose: "rolled-up days")
        return Set(rows.compactMap { $0.first.flatMap { Int64($0) } })
    }

    /// UTC day starts between the days of `from` and `to` (one day of margin each side) whose `metrics_daily` pieces are written.
    public func dailyDays(from: Int64, to: Int64) throws -> Set<Int64> {
        let rows = try clickhouse.queryStrings("""
            SELECT DISTINCT toUInt32(toDateTime(day)) FROM rollup_daily_days
            WHERE day >= toDate(toDateTime(\(from - 86_400))) AND day <= toDate(toDateTime(\(to + 86_400)))
            """, purpose: "days with daily rollups")
        return Set(rows.compactMap { $0.first.flatMap { Int64($0) } })
    }

    /// Records a completed day (`daily`: its `metrics_daily` pieces are written too); readers switch to ClickHouse for it from now on.
    package func markDay(_ dayStart: Int64, devices: Int, rows: Int, daily: Bool = false) throws {
        let day = HourlyStore.dayText(dayStart)
        let now = HourlyStore.dateTimeText(Int64(Date().timeIntervalSince1970))
        if daily {
            try clickhouse.insert(into: "rollup_daily_days", columns: ["day", "rolled_up_at"], tsv: Array("\(day)\t\(now)\n".utf8),
                                  purpose: "rollup: mark the daily rows of \(day) done")
        }
        let body = Array("\(day)\t\(now)\t\(devices)\t\(rows)\n".utf8)
        try clickhouse.insert(into: "rollup_days", columns: ["day", "rolled_up_at", "devices", "rows"], tsv: body,
                              purpose: "rollup: mark \(day) done")
    }

    /// Drops the rollups of one UTC day (its day and hour marks first, then its partitions of the rollup tables), so it can be written again.
    package func dropDay(_ dayStart: Int64) throws {
        let day = ClickHouseLiteral.string(HourlyStore.dayText(dayStart))
        for table in ["rollup_days", "rollup_daily_days", "rollup_hours", "metrics_hourly", "availability_hourly", "metrics_daily"] {
            try clickhouse.execute("ALTER TABLE \(table) DROP PARTITION \(day)", purpose: "rollup: drop \(table) of \(day)")
        }
    }

    /// One `rollup_days` entry as stored: how often the day is marked, and the devices and rows recorded.
    package struct Mark: Sendable {
        package var day: String
        package var count: Int
        package var devices: Int
        package var rows: Int
    }

    /// The marks of the UTC days from `first` to `last` (day starts), one per marked day.
    package func marks(first: Int64, last: Int64) throws -> [Mark] {
        let range = "day >= \(ClickHouseLiteral.string(HourlyStore.dayText(first))) AND day <= \(ClickHouseLiteral.string(HourlyStore.dayText(last)))"
        return try clickhouse.queryStrings("SELECT toString(day), count(), sum(devices), sum(rows) FROM rollup_days WHERE \(range) GROUP BY day",
                                           purpose: "rolled-up days with their counts").compactMap { row in
            guard row.count == 4 else { return nil }
            return Mark(day: row[0], count: Int(row[1]) ?? 0, devices: Int(row[2]) ?? 0, rows: Int(row[3]) ?? 0)
        }
    }
}
