import Connectors
import Foundation

/// ClickHouse's `rollup_hours`: the tenant hours `rollup --hours` has rolled up in a day not yet wholly rolled up.
///
/// An hour counts as rolled up for a tenant only once its mark exists; `rollup --hours` writes
/// the marks after the hours' rows, so a reader never trusts a half-written hour. Rows of an
/// hour without a mark (a run that died before its marks) are deleted before the hour is
/// written again. The day rollup drops the day's marks with its partitions (`dropDay`).
extension RollupCatalog {
    /// The marked hour starts of one tenant, for hours whose UTC day lies between the days of `from` and `to` (one day of margin each side).
    public func hours(organizationID: String, from: Int64, to: Int64) throws -> Set<Int64> {
        try hourMarks(where: "organization_id = \(ClickHouseLiteral.string(organizationID)) "
                      + "AND day >= toDate(toDateTime(\(from - 86_400))) AND day <= toDate(toDateTime(\(to + 86_400)))",
                      purpose: "rolled-up hours")[organizationID] ?? []
    }

    /// The marked hour starts by tenant id of the UTC day `dayStart`.
    package func hours(ofDay dayStart: Int64) throws -> [String: Set<Int64>] {
        try hourMarks(where: "day = \(ClickHouseLiteral.string(HourlyStore.dayText(dayStart)))",
                      purpose: "rolled-up hours of \(HourlyStore.dayText(dayStart))")
    }

    private func hourMarks(where condition: String, purpose: String) throws -> [String: Set<Int64>] {
        var marks: [String: Set<Int64>] = [:]
        for row in try clickhouse.queryStrings("SELECT DISTINCT organization_id, toUInt32(hour) FROM rollup_hours WHERE \(condition)", purpose: purpose) {
            guard row.count == 2, let hour = Int64(row[1]) else { continue }
            marks[row[0], default: []].insert(hour)
        }
        return marks
    }

    /// Records tenant hours of UTC day `dayStart` as rolled up; readers switch to ClickHouse for them from now on.
    package func markHours(_ hours: [(organizationID: String, hour: Int64)], dayStart: Int64) throws {
        guard !hours.isEmpty else { return }
        let day = HourlyStore.dayText(dayStart)
        let now = HourlyStore.dateTimeText(Int64(Date().timeIntervalSince1970))
        var body: [UInt8] = []
        for mark in hours {
            body += Array("\(day)\t".utf8)
            ClickHouseLiteral.appendTSV(mark.organizationID, to: &body)
            body += Array("\t\(HourlyStore.dateTimeText(mark.hour))\t\(now)\n".utf8)
        }
        try clickhouse.insert(into: "rollup_hours", columns: ["day", "organization_id", "hour", "rolled_up_at"], tsv: body,
                              purpose: "rollup --hours: mark \(hours.count) tenant hours of \(day) done")
    }

    /// Tenant hours of UTC day `dayStart` from `since` on that have rows in `metrics_hourly` or `availability_hourly`, by tenant id.
    package func hoursWithRows(dayStart: Int64, since: Int64) throws -> [String: Set<Int64>] {
        let day = ClickHouseLiteral.string(HourlyStore.dayText(dayStart))
        var found: [String: Set<Int64>] = [:]
        for table in ["metrics_hourly", "availability_hourly"] {
            let rows = try clickhouse.queryStrings("""
                SELECT DISTINCT organization_id, toUInt32(hour) FROM \(table) WHERE day = \(day) AND hour >= toDateTime(\(since))
                """, purpose: "rollup --hours: hours of \(HourlyStore.dayText(dayStart)) with rows in \(table)")
            for row in rows where row.count == 2 {
                if let hour = Int64(row[1]) { found[row[0], default: []].insert(hour) }
            }
        }
        return found
    }

    /// Deletes the rows of the given hours of one tenant in UTC day `dayStart` from `metrics_hourly` and
    /// `availability_hourly`, and waits until ClickHouse has applied the deletes.
    ///
    /// A mutation (`ALTER TABLE ... DELETE`, ClickHouse 18.16 has no lightweight delete) rewrites the
    /// day's parts holding the tenant: it is only needed after a run died between its rows and its marks.
    package func deleteHours(organizationID: String, hours: Set<Int64>, dayStart: Int64, timeout: TimeInterval = 600) throws {
        guard !hours.isEmpty else { return }
        let day = ClickHouseLiteral.string(HourlyStore.dayText(dayStart))
        let list = hours.sorted().map { "toDateTime(\($0))" }.joined(separator: ", ")
        let condition = "day = \(day) AND organization_id = \(ClickHouseLiteral.string(organizationID)) AND hour IN (\(list))"
        let purpose = "rollup --hours: wait for the deletes of \(HourlyStore.dayText(dayStart))"
        // Mutations of others still running before ours (perhaps stuck) are not waited for.
        let unfinished = """
            SELECT table, mutation_id FROM system.mutations WHERE database = currentDatabase()
              AND table IN ('metrics_hourly', 'availability_hourly') AND is_done = 0
            """
        let before = Set(try clickhouse.queryStrings(unfinished, purpose: purpose).map { $0.joined(separator: "/") })
        for table in ["metrics_hourly", "availability_hourly"] {
            try clickhouse.execute("ALTER TABLE \(table) DELETE WHERE \(condition)",
                                   purpose: "rollup --hours: delete unmarked hours of \(HourlyStore.dayText(dayStart)) from \(table)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let pending = Set(try clickhouse.queryStrings(unfinished, purpose: purpose).map { $0.joined(separator: "/") }).subtracting(before)
            if pending.isEmpty { return }
            guard Date() < deadline else {
                throw ReportingError(.io, "ClickHouse: the deletes of unmarked hours of \(HourlyStore.dayText(dayStart)) did not finish in \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}
