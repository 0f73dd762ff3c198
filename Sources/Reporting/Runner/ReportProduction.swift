import Analytics
import Foundation

/// The one way reports are produced: `run`, `nightly` and the worker all go through it.
///
/// `run(_:options:)` and `nightly(date:catchUpDays:options:)` take the run lock (held
/// elsewhere: `ReportingError(.locked)`, exit 75), plan, produce every job (a failed one is
/// recorded in the ledger and the next goes on) and flush the outbox; they throw only for what
/// stops everything (a bad definition, the lock, PostgreSQL, the outbox store). `produce(_:)`
/// does one job planned elsewhere under that job's own advisory lock, without the run lock.
/// `progress(done, total, label)` is called before each job and `finished(result)` after it.
/// `run` and `nightly` write their metrics to `metrics_textfile` when it is set (see `RunMetrics`).
/// Not thread-safe: one per thread; it keeps one PostgreSQL connection and opens a new one
/// when that broke.
public final class ReportProduction {
    public let config: Configuration
    private var connection: ReportRunner?

    public init(config: Configuration) { self.config = config }

    /// `run`: the request's definition for its tenants over its period; the outbox is flushed
    /// when `options.publish` and at least one report succeeded or queued its `report.failed`.
    public func run(_ request: ReportRequest, options: RunOptions, progress: (Int, Int, String) -> Void = { _, _, _ in },
                    finished: (ReportResult) -> Void = { _ in }) throws -> ProductionOutcome {
        try measured(job: "run") { try produceRequest(request, options: options, progress: progress, finished: finished) }
    }

    private func produceRequest(_ request: ReportRequest, options: RunOptions, progress: (Int, Int, String) -> Void,
                                finished: (ReportResult) -> Void) throws -> ProductionOutcome {
        let definition = try DefinitionLoader(config: config).definition(named: request.definition)
        let lock = try RunLock(config: config)
        try lock.acquire(purpose: "run")
        defer { lock.release() }
        let runner = try liveRunner()
        let jobs = try ReportPlanner(directory: runner.directory)
            .plan(definitions: [definition], tenantSlugs: request.tenantSlugs, period: request.period, now: options.now)
        var outcome = ProductionOutcome()
        outcome.results = runner.run(jobs, options: options, progress: progress, finished: finished)
        if options.publish, outcome.results.contains(where: { $0.status == .succeeded || $0.failureQueued }) {
            outcome.outbox = try runner.flushOutbox()
        }
        return outcome
    }

    /// `nightly`: runs left `running` by a killed process are marked failed, the finished UTC
    /// days are rolled up (`RollupCatchUp`), then every definition due on `date` and the
    /// `catchUpDays` dates before it runs for every tenant (in its zone; what succeeded before
    /// is skipped), then the outbox is flushed when `options.publish`.
    public func nightly(date: CivilDate, catchUpDays: Int, options: RunOptions, progress: (Int, Int, String) -> Void = { _, _, _ in },
                        finished: (ReportResult) -> Void = { _ in }) throws -> ProductionOutcome {
        try measured(job: "nightly") {
            try produceNight(date: date, catchUpDays: catchUpDays, options: options, progress: progress, finished: finished)
        }
    }

    private func produceNight(date: CivilDate, catchUpDays: Int, options: RunOptions, progress: (Int, Int, String) -> Void,
                              finished: (ReportResult) -> Void) throws -> ProductionOutcome {
        let definitions = try DefinitionLoader(config: config).loadAll()
        let lock = try RunLock(config: config)
        try lock.acquire(purpose: "nightly")
        defer { lock.release() }
        let runner = try liveRunner()
        try runner.ledger.failAbandoned(olderThan: 0)
        let dates = ReportPlanner.dates(date, catchUpDays: catchUpDays)
        var outcome = ProductionOutcome()
        (outcome.rollups, outcome.rollupErrors) = try RollupCatchUp(config: config).run(dates: dates, progress: progress)
        let jobs = try ReportPlanner(directory: runner.directory).nightly(definitions: definitions, dates: dates)
        var nightly = options
        nightly.trigger = "nightly"
        outcome.results = runner.run(jobs, options: nightly, progress: progress, finished: finished)
        if options.publish {
            let flushStarted = Date()
            outcome.outbox = try runner.flushOutbox()
            outcome.publishSeconds = Date().timeIntervalSince(flushStarted)
        }
        return outcome
    }

    /// The runner, connecting when there is none (first use, or the last connection broke).
    func liveRunner() throws -> ReportRunner {
        if let connection { return connection }
        let fresh = try ReportRunner(config: config)
        connection = fresh
        return fresh
    }

    /// Forgets a runner whose connection broke, so the next job connects again.
    func dropRunnerIfBroken() {
        if let connection, !connection.pg.isConnected { self.connection = nil }
    }
}
