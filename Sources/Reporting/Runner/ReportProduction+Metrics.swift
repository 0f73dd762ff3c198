import Foundation

extension ReportProduction {
    /// Runs `body` (a whole `run` or `nightly`) and records its `RunMetrics` under `job`.
    ///
    /// A command that threw is recorded as failed with the error's exit code, except when
    /// another run held the lock (exit 75: this run did nothing, the other one records itself).
    /// A metrics file that cannot be written makes the outcome's exit code 1 (`metricsError`).
    func measured(job: String, _ body: () throws -> ProductionOutcome) throws -> ProductionOutcome {
        let started = Date()
        do {
            var outcome = try body()
            let finished = Date()
            outcome.metricsError = RunMetrics(job: job, started: started, finished: finished, outcome: outcome, exitCode: outcome.exitCode)
                .record(config: config)
            return outcome
        } catch let error as ReportingError where error.code == .locked {
            throw error
        } catch {
            let finished = Date()
            _ = RunMetrics(job: job, finishedAt: finished, seconds: finished.timeIntervalSince(started), exitCode: ExitStatus.code(for: error))
                .record(config: config)
            throw error
        }
    }
}
