import Analytics
import Connectors
import Foundation

/// `nightly`: rollup of the finished UTC day, then every definition due on the date in each
/// tenant's zone, then the outbox; missed nights within `catchUpDays` are done too.
public struct NightlyJob {
    public let config: Configuration

    public init(config: Configuration) { self.config = config }

    /// What a nightly did.
    public struct Outcome: Sendable {
        public var rollups: [String] = []
        public var rollupErrors: [String] = []
        public var results: [ReportResult] = []
        public var outbox = OutboxPublisher.Outcome()
    }

    /// The jobs due on local dates `dates` for every tenant (periods relative to each local date).
    public func plan(runner: ReportRunner, definitions: [ReportDefinition], dates: [CivilDate]) throws -> [ReportJob] {
        let tenants = try runner.directory.tenants()
        var jobs: [ReportJob] = []
        var seen = Set<String>()
        for date in dates {
            for tenant in tenants {
                let reference = NightlyJob.localNoon(date, in: tenant.timeZone)
                for definition in definitions where definition.tenants.includes(tenant.slug) && definition.schedule.isDue(on: date) {
                    let period = try ReportPeriod.parse(definition.period, relativeTo: reference, in: tenant.timeZone)
                    let key = "\(definition.name)|\(tenant.id)|\(period.label)"
                    guard seen.insert(key).inserted else { continue }
                    jobs.append(ReportJob(definition: definition, tenant: tenant, period: period))
                }
            }
        }
        return jobs
    }

    /// The `catchUpDays` dates before `date`, oldest first, then `date`.
    public static func dates(_ date: CivilDate, catchUpDays: Int) -> [CivilDate] {
        (0...max(0, catchUpDays)).reversed().map { date.adding(days: -$0) }
    }

    /// Rolls up the UTC day before each of `dates` that is not rolled up yet (the day before the last date always).
    ///
    /// Returns a summary line per day rolled up and a message per day that failed; throws only
    /// when ClickHouse cannot say which days are rolled up.
    public func rollUp(dates: [CivilDate], progress: (Int, Int, String) -> Void) throws -> (lines: [String], errors: [String]) {
        guard let first = dates.first, let last = dates.last else { return ([], []) }
        let servers = Servers(config: config)
        let rolled = try RollupCatalog(clickhouse: try servers.clickhouse()).days(from: first.adding(days: -1).daysSinceEpoch * 86_400,
                                                    to: last.adding(days: -1).daysSinceEpoch * 86_400)
        var lines: [String] = [], errors: [String] = []
        for d in dates {
            let day = d.adding(days: -1)
            guard day == last.adding(days: -1) || !rolled.contains(day.daysSinceEpoch * 86_400) else { continue }
            do {
                let summary = try RollupJob(servers: servers).run(day: day) { done, total, slug in progress(done, total, "rollup \(day) \(slug)") }
                lines.append("rollup day=\(summary.day) tenants=\(summary.tenants) devices=\(summary.devices) rows=\(summary.rows)")
            } catch {
                errors.append("rollup \(day): \(error)")
            }
        }
        return (lines, errors)
    }

    /// 12:00 local time on `date`: a reference instant that is unambiguous on DST days.
    static func localNoon(_ date: CivilDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))
            ?? Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + 43_200))
    }

    /// Runs the whole night; throws only for what stops everything (lock, PostgreSQL, definitions).
    public func run(date: CivilDate, catchUpDays: Int, definitions: [ReportDefinition], options: RunOptions,
                    progress: @escaping (Int, Int, String) -> Void, finished: (ReportResult) -> Void) throws -> Outcome {
        let lock = try RunLock(config: config)
        try lock.acquire(purpose: "nightly")
        defer { lock.release() }
        var outcome = Outcome()
        let runner = try ReportRunner(config: config)
        try runner.ledger.failAbandoned(olderThan: 0)
        let dates = NightlyJob.dates(date, catchUpDays: catchUpDays)
        // 1. Rollups of finished UTC days not yet rolled up (yesterday's is always redone).
        (outcome.rollups, outcome.rollupErrors) = try rollUp(dates: dates, progress: progress)
        // 2. Reports due on each date, oldest first.
        let jobs = try plan(runner: runner, definitions: definitions, dates: dates)
        var nightly = options
        nightly.trigger = "nightly"
        outcome.results = runner.run(jobs, options: nightly, progress: progress, finished: finished)
        // 3. Notifications.
        if options.publish {
            outcome.outbox = try OutboxPublisher(pg: runner.pg, amqpURL: config.amqpURL).flush()
        }
        return outcome
    }
}
