import Analytics
import Foundation

extension RollupCatchUp {
    /// `rollup`: rolls up one UTC day (`RollupJob`) and records the `rollup` metrics when `metrics_textfile` is set.
    ///
    /// Throws what `RollupJob` throws (the metrics then say the run failed, with its exit code).
    /// The summary's `metricsError` says why the metrics file could not be written.
    public func rollUp(day: CivilDate, progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> (summary: RollupJob.Summary, metricsError: String?) {
        let started = Date()
        do {
            let summary = try RollupJob(servers: Servers(config: config)).run(day: day, progress: progress)
            var metrics = RunMetrics(job: "rollup", finishedAt: Date(), seconds: Date().timeIntervalSince(started), exitCode: ExitStatus.success)
            metrics.rollup = (1, summary.devices, summary.rows, 0)
            return (summary, metrics.record(config: config))
        } catch {
            var metrics = RunMetrics(job: "rollup", finishedAt: Date(), seconds: Date().timeIntervalSince(started),
                                     exitCode: ExitStatus.code(for: error))
            metrics.rollup = (0, 0, 0, 1)
            _ = metrics.record(config: config)
            throw error
        }
    }
}
