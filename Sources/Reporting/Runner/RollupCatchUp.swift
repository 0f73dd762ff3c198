import Analytics
import Connectors
import Foundation

/// The rollups before a night's reports: the finished UTC day before each date, unless it is rolled up already.
///
/// The day before the last date is always rolled up again (its last hours may have arrived
/// late); a day that fails is reported and the others go on. Then the rolled-up days among the
/// `late_days` before that one whose raw points changed are rolled up again (`rollUpLate`).
public struct RollupCatchUp {
    public let config: Configuration

    public init(config: Configuration) { self.config = config }

    /// Rolls up what `dates` need; a summary line per day rolled up (`rollup day=…`, with
    /// `reason=late_points` for a late re-roll), a `late-data day=… action=kept` line per day whose
    /// raw points went missing, and a message per day that failed. Throws only when ClickHouse
    /// cannot say which days are rolled up.
    public func run(dates: [CivilDate], progress: (Int, Int, String) -> Void) throws -> (lines: [String], errors: [String]) {
        guard let first = dates.first, let last = dates.last else { return ([], []) }
        let servers = Servers(config: config)
        let rolled = try RollupCatalog(clickhouse: try servers.clickhouse()).days(from: first.adding(days: -1).daysSinceEpoch * 86_400,
                                                    to: last.adding(days: -1).daysSinceEpoch * 86_400)
        var lines: [String] = [], errors: [String] = []
        var rolledNow = Set<Int64>()
        for d in dates {
            let day = d.adding(days: -1)
            guard day == last.adding(days: -1) || !rolled.contains(day.daysSinceEpoch * 86_400) else { continue }
            rolledNow.insert(day.daysSinceEpoch * 86_400)
            do {
                let summary = try RollupJob(servers: servers).run(day: day) { done, total, slug in progress(done, total, "rollup \(day) \(slug)") }
                lines.append("rollup day=\(summary.day) tenants=\(summary.tenants) devices=\(summary.devices) rows=\(summary.rows) "
                             + "seconds=" + String(format: "%.2f", summary.seconds))
            } catch {
                errors.append("rollup \(day): \(error)")
            }
        }
        let late = rollUpLate(before: last.adding(days: -1), skip: rolledNow, servers: servers, progress: progress)
        return (lines + late.lines, errors + late.errors)
    }
}
