import Analytics
import Foundation

extension RollupJob {
    /// `runHours`, recording the `rollup_hours` job's textfile metrics when `metrics_textfile` is set.
    ///
    /// The series are the ones every command writes (last run and last success, exit code,
    /// duration), labelled `job="rollup_hours"`; a run that found the rollup lock held records
    /// exit code 75. Throws what `runHours` throws; `metricsError` says why the file could not be written.
    public func runHoursRecordingMetrics(day: CivilDate, now: Int64, slugs: [String]? = nil,
                                         progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> (summary: HoursSummary, metricsError: String?) {
        let started = Date()
        do {
            let summary = try runHours(day: day, now: now, slugs: slugs, progress: progress)
            let metrics = RunMetrics(job: "rollup_hours", finishedAt: Date(), seconds: Date().timeIntervalSince(started), exitCode: ExitStatus.success)
            return (summary, metrics.record(config: servers.config))
        } catch {
            _ = RunMetrics(job: "rollup_hours", finishedAt: Date(), seconds: Date().timeIntervalSince(started),
                           exitCode: ExitStatus.code(for: error)).record(config: servers.config)
            throw error
        }
    }
}
