import Analytics
import Connectors
import Foundation

extension RollupCatchUp {
    /// Late data: rolls up again the rolled-up days among the `late_days` before `newest` (the
    /// day `nightly` always rolls up again) whose raw points changed since, and notes the ledger.
    ///
    /// `LateDataCheck` compares the counts (one InfluxDB query per tenant, one ClickHouse query);
    /// a day where some tenant gained points and none lost any is rolled up again whole
    /// (`RollupJob`), then the succeeded runs of each tenant whose counts changed, and of a kind
    /// that reads what changed, get the newer-rollup note (their files are left alone). A day
    /// where some tenant lost raw points keeps its rollup and gets a `late-data ... action=kept`
    /// line. Days in `skip` (rolled up by this run) and days older than the window are never
    /// checked. Returns a logfmt summary line per day and a message per failure.
    func rollUpLate(before newest: CivilDate, skip: Set<Int64>, servers: Servers,
                    progress: (Int, Int, String) -> Void) -> (lines: [String], errors: [String]) {
        guard config.lateDays > 0 else { return ([], []) }
        let oldest = newest.adding(days: -config.lateDays).daysSinceEpoch * 86_400
        let youngest = newest.adding(days: -1).daysSinceEpoch * 86_400
        let changed: [LateDataCheck.Day]
        let pg: PostgresClient
        do {
            let clickhouse = try servers.clickhouse()
            let marked = try RollupCatalog(clickhouse: clickhouse).days(from: oldest, to: youngest)
                .filter { $0 >= oldest && $0 <= youngest && !skip.contains($0) }
            guard !marked.isEmpty else { return ([], []) }
            pg = try servers.postgres()
            let tenants = try TenantDirectory(pg: pg).tenants()
            changed = try LateDataCheck(influx: try servers.influx(), clickhouse: clickhouse).changedDays(tenants: tenants, days: marked)
        } catch {
            return ([], ["late data check \(HourlyStore.dayText(oldest))..\(HourlyStore.dayText(youngest)): \(error)"])
        }
        var lines: [String] = [], errors: [String] = []
        for day in changed {
            let label = HourlyStore.dayText(day.start)
            let counts = RollupCatchUp.countFields(day.changes)
            guard day.needsRollup else {
                let lost = day.changes.filter(\.lost).map(\.tenant.slug)
                lines.append("late-data day=\(label) " + Logfmt.line([("action", "kept"),
                    ("reason", "raw points missing for \(lost.joined(separator: ",")) (retention or dropped series): a rollup again would lose them")] + counts))
                continue
            }
            do {
                let summary = try RollupJob(servers: servers).run(day: CivilDate(daysSinceEpoch: day.start / 86_400)) { done, total, slug in
                    progress(done, total, "rollup \(label) (late points) \(slug)")
                }
                var noted = 0
                let ledger = ReportLedger(pg: pg)
                for change in day.changes {
                    let window = HourGrid(timeZone: change.tenant.timeZone).dayWindow(utcDayStart: day.start)
                    let kinds = ReportLedger.kindsReading(heartbeats: change.rolledUp.heartbeats != change.raw.heartbeats,
                                                          metrics: change.rolledUp.metricsDiffer(from: change.raw))
                    noted += try ledger.noteNewerRollup(organizationID: change.tenant.id, day: label,
                                                        from: Date(timeIntervalSince1970: Double(window.start)),
                                                        to: Date(timeIntervalSince1970: Double(window.end)), kinds: kinds)
                }
                lines.append("rollup day=\(summary.day) reason=late_points tenants=\(summary.tenants) devices=\(summary.devices) rows=\(summary.rows) "
                             + "seconds=" + String(format: "%.2f", summary.seconds) + " " + Logfmt.line(counts + [("noted_runs", "\(noted)")]))
            } catch {
                errors.append("rollup \(label) (late points): \(error)")
            }
        }
        return (lines, errors)
    }

    /// `changed=<slugs> heartbeats_before=… heartbeats_after=… samples_before=… samples_after=…` over the tenants whose counts changed.
    static func countFields(_ changes: [LateDataCheck.Change]) -> [(String, String)] {
        let before = changes.map(\.rolledUp), after = changes.map(\.raw)
        return [("changed", changes.map(\.tenant.slug).joined(separator: ",")),
                ("heartbeats_before", "\(before.reduce(0) { $0 + $1.heartbeats })"), ("heartbeats_after", "\(after.reduce(0) { $0 + $1.heartbeats })"),
                ("samples_before", "\(before.reduce(0) { $0 + $1.samples })"), ("samples_after", "\(after.reduce(0) { $0 + $1.samples })")]
    }
}
