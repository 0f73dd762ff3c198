import Foundation

/// What one `nightly`, `run` or `rollup` did, as node-exporter textfile series labelled `job="<command>"`.
///
/// Every series is a gauge about the command's last run, except
/// `ninjait_reports_last_success_timestamp_seconds`, which a failed run leaves at the previous
/// success (so "no success for 26 hours" is an alert rule). A run succeeded when its exit code
/// is 0. Rollup series are written by the commands that roll up (`nightly`, `rollup`); `rollup --hours`
/// (`job="rollup_hours"`) writes only the run series.
public struct RunMetrics: Sendable {
    public var job: String
    public var finishedAt: Date
    public var seconds: Double
    public var exitCode: Int32
    public var succeeded = 0, failed = 0, skipped = 0
    public var rowsRead = 0
    /// Days rolled up, devices in them, hourly rows written and days that failed; nil for `run`.
    public var rollup: (days: Int, devices: Int, rows: Int, failedDays: Int)? = nil

    public init(job: String, finishedAt: Date, seconds: Double, exitCode: Int32) {
        self.job = job
        self.finishedAt = finishedAt
        self.seconds = seconds
        self.exitCode = exitCode
    }

    /// The metrics of a `run` or `nightly` outcome.
    public init(job: String, started: Date, finished: Date, outcome: ProductionOutcome, exitCode: Int32) {
        self.init(job: job, finishedAt: finished, seconds: finished.timeIntervalSince(started), exitCode: exitCode)
        succeeded = outcome.results.filter { $0.status == .succeeded }.count
        failed = outcome.results.filter { $0.status == .failed }.count
        skipped = outcome.results.filter { $0.status == .skipped }.count
        rowsRead = outcome.results.reduce(0) { $0 + $1.timings.rows }
        if job == "nightly" {
            let rolled = outcome.rollups.filter { $0.hasPrefix("rollup ") }
            rollup = (rolled.count, rolled.reduce(0) { $0 + Self.field("devices", in: $1) },
                      rolled.reduce(0) { $0 + Self.field("rows", in: $1) }, outcome.rollupErrors.count)
        }
    }

    /// The integer after `key=` in a `RollupCatchUp` summary line ("rollup day=… tenants=2 devices=40 rows=960"), else 0.
    static func field(_ key: String, in line: String) -> Int {
        for part in line.split(separator: " ") where part.hasPrefix("\(key)=") {
            return Int(part.dropFirst(key.count + 1)) ?? 0
        }
        return 0
    }

    /// The series of this run; `previous` are the job's samples in the file before it.
    public func samples(previous: [MetricsTextfile.Sample]) -> [MetricsTextfile.Sample] {
        let job = [("job", self.job)]
        let now = finishedAt.timeIntervalSince1970
        let lastSuccess = exitCode == 0
            ? now
            : previous.first { $0.name == "ninjait_reports_last_success_timestamp_seconds" }?.value ?? 0
        var samples: [MetricsTextfile.Sample] = [
            .init("ninjait_reports_last_run_timestamp_seconds", job, now, help: "When the command last finished (Unix time)."),
            .init("ninjait_reports_last_success_timestamp_seconds", job, lastSuccess,
                  help: "When the command last finished with exit code 0 (Unix time; 0: never)."),
            .init("ninjait_reports_last_run_success", job, exitCode == 0 ? 1 : 0, help: "1 if the last run exited 0, else 0."),
            .init("ninjait_reports_last_run_exit_code", job, Double(exitCode), help: "Exit code of the last run (0, 1, 64, 69)."),
            .init("ninjait_reports_last_run_duration_seconds", job, seconds, help: "Wall time of the last run in seconds."),
        ]
        if self.job != "rollup" && self.job != "rollup_hours" {
            for (status, count) in [("succeeded", succeeded), ("failed", failed), ("skipped", skipped)] {
                samples.append(.init("ninjait_reports_last_run_reports", job + [("status", status)], Double(count),
                                     help: "Reports of the last run by outcome."))
            }
            samples.append(.init("ninjait_reports_last_run_rows_read", job, Double(rowsRead),
                                 help: "Rows read from ClickHouse and InfluxDB by the last run's reports."))
        }
        if let rollup {
            samples += [
                .init("ninjait_reports_last_run_rollup_days", job, Double(rollup.days), help: "UTC days rolled up by the last run."),
                .init("ninjait_reports_last_run_rollup_devices", job, Double(rollup.devices), help: "Devices in the days rolled up by the last run."),
                .init("ninjait_reports_last_run_rollup_rows", job, Double(rollup.rows), help: "Hourly rollup rows written by the last run."),
                .init("ninjait_reports_last_run_rollup_failed_days", job, Double(rollup.failedDays), help: "UTC days whose rollup failed in the last run."),
            ]
        }
        return samples
    }

    /// Writes these series into `config.metricsTextfile` (nothing when it is not set); the error text when that failed.
    public func record(config: Configuration) -> String? {
        guard let path = config.metricsTextfile else { return nil }
        do {
            try MetricsTextfile(path: path, modes: config.fileModes).update(job: job) { samples(previous: $0) }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
