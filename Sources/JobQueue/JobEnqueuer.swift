import Analytics
import Connectors
import Foundation
import Reporting

/// `enqueue`: the plan of `nightly` (rollups first), published as one persistent job message per
/// (definition × tenant × period) to the work queue instead of being run here.
///
/// Holds the run lock while it works (so it never overlaps `nightly`, `run` or another
/// `enqueue`: exit 75), declares the queues, rolls up (unless told not to), plans every
/// definition due on each date in each tenant's zone, and publishes the jobs with publisher
/// confirms: a job counts as enqueued only after the broker's ack. Workers never take this lock.
public struct JobEnqueuer {
    public let config: Configuration
    public let topology: JobQueueTopology

    public init(config: Configuration) {
        self.config = config
        topology = JobQueueTopology(config: config)
    }

    /// What `enqueue` did.
    public struct Outcome: Sendable {
        public var rollups: [String] = []
        public var rollupErrors: [String] = []
        public var jobs: [JobMessage] = []
        public var enqueued = 0
        public var failed = 0
        public var errors: [String] = []
        /// Every failure was the broker being unreachable (exit 69 when nothing was enqueued).
        public var unavailable = false

        /// 0 when every job was enqueued and every rollup worked, 69 when the broker took none, else 1.
        public var exitCode: Int32 {
            if failed > 0 && enqueued == 0 && unavailable { return ExitStatus.unavailable }
            return failed > 0 || !rollupErrors.isEmpty ? ExitStatus.someFailed : ExitStatus.success
        }
    }

    /// Rolls up (when `rollUp`), plans and publishes; throws for what stops everything (a bad
    /// definition, the lock, PostgreSQL, the broker unreachable before anything was sent, a
    /// queue with other settings).
    public func run(date: CivilDate, catchUpDays: Int, rollUp: Bool, progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> Outcome {
        let definitions = try DefinitionLoader(config: config).loadAll()
        let lock = try RunLock(config: config)
        try lock.acquire(purpose: "enqueue")
        defer { lock.release() }
        var outcome = Outcome()
        // The broker first: when it is down, nothing is rolled up or planned (exit 69 at once).
        let options = AMQPConnectionOptions(verifyPeer: config.verifyTLS, connectionName: "ninjait-reports enqueue")
        let connection = try AMQPConnection(url: config.amqpURL, options: options)
        defer { connection.close() }
        try topology.declare(on: connection, retries: false)
        let publisher = try AMQPPublisher(connection: connection)

        let dates = ReportPlanner.dates(date, catchUpDays: catchUpDays)
        if rollUp { (outcome.rollups, outcome.rollupErrors) = try RollupCatchUp(config: config).run(dates: dates, progress: progress) }
        let planner = ReportPlanner(directory: TenantDirectory(pg: try Servers(config: config).postgres()))
        let now = Date()
        outcome.jobs = try planner.nightly(definitions: definitions, dates: dates).map { JobMessage(job: $0, enqueuedAt: now) }
        guard !outcome.jobs.isEmpty else { return outcome }

        progress(0, outcome.jobs.count, "publish \(outcome.jobs.count) jobs")
        let messages = try outcome.jobs.map { job in
            AMQPOutgoingMessage(exchange: "", routingKey: topology.jobs, body: try job.encoded(), messageId: job.messageID,
                                contentType: "application/json", persistent: true, mandatory: true)
        }
        let results = publisher.publish(batch: messages, timeout: 30 + Double(messages.count) / 100)
        var allUnavailable = true
        for result in results {
            switch result {
            case .success:
                outcome.enqueued += 1
            case .failure(let error):
                outcome.failed += 1
                if error.code != .unavailable && error.code != .timeout { allUnavailable = false }
                if !outcome.errors.contains(error.description) { outcome.errors.append(error.description) }
            }
        }
        outcome.unavailable = outcome.failed > 0 && allUnavailable
        progress(outcome.jobs.count, outcome.jobs.count, "done")
        return outcome
    }
}
