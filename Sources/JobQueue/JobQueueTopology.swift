import Connectors
import Foundation
import Reporting

/// The work queue of `enqueue` and `worker`, its dead-letter queue and its retry (delay) queues.
///
/// - `<jobs>` (durable; `x-dead-letter-exchange` "" and `x-dead-letter-routing-key` `<jobs>.dead`,
///   so a message the broker itself dead-letters also ends up in the dead-letter queue);
/// - `<jobs>.dead` (durable): jobs that failed `maxAttempts` times, or that cannot run at all;
/// - `<jobs>.retry.<N>s` (durable, `x-message-ttl` N s, dead-lettering back to `<jobs>`): a job
///   published there comes back to the work queue after N seconds. Attempt `a` (2, 3, ...) waits
///   `retryDelay × 4^(a−2)` seconds, at most `maxRetryDelay`.
///
/// Every queue is reached through the default exchange (routing key = queue name). Declaring
/// is idempotent; a queue that already exists with other arguments is a configuration error.
public struct JobQueueTopology: Sendable {
    public let jobs: String
    public let maxAttempts: Int
    /// Seconds before the second attempt, and before a job whose lock was busy comes back.
    public let retryDelay: Int
    public static let maxRetryDelay = 3600

    public init(jobs: String, maxAttempts: Int, retryDelay: Int = 30) {
        self.jobs = jobs
        self.maxAttempts = max(1, maxAttempts)
        self.retryDelay = max(1, retryDelay)
    }

    /// From `jobs_queue` and `job_max_attempts` of the configuration.
    public init(config: Configuration, retryDelay: Int = 30) {
        self.init(jobs: config.jobsQueue, maxAttempts: config.jobMaxAttempts, retryDelay: retryDelay)
    }

    public var dead: String { jobs + ".dead" }

    /// Seconds a job waits before attempt `attempt` (2 or more).
    public func delay(beforeAttempt attempt: Int) -> Int {
        var seconds = retryDelay
        for _ in 0..<max(0, min(attempt - 2, 20)) where seconds < JobQueueTopology.maxRetryDelay { seconds *= 4 }
        return min(seconds, JobQueueTopology.maxRetryDelay)
    }

    /// The delay queue whose messages come back to the work queue after `seconds`.
    public func retryQueue(delay seconds: Int) -> String { "\(jobs).retry.\(seconds)s" }

    /// Every delay these settings use, in seconds, shortest first.
    public var retryDelays: [Int] {
        Set([retryDelay] + (1..<max(2, maxAttempts)).map { delay(beforeAttempt: $0 + 1) }).sorted()
    }

    /// Every retry queue these settings use, shortest delay first.
    public var retryQueues: [String] { retryDelays.map { retryQueue(delay: $0) } }

    /// The work queue's arguments (both `enqueue` and `worker` declare it, with exactly these).
    var jobsArguments: [String: AMQPFieldValue] {
        ["x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string(dead)]
    }

    /// Declares the dead-letter queue and the work queue; with `retries`, the retry queues too.
    ///
    /// A queue that exists with other settings (the broker answers 406 PRECONDITION_FAILED) is a
    /// `ConfigurationError` naming it.
    public func declare(on connection: AMQPConnection, retries: Bool) throws {
        try declare(dead, on: connection, arguments: [:])
        try declare(jobs, on: connection, arguments: jobsArguments)
        guard retries else { return }
        for seconds in retryDelays {
            try declare(retryQueue(delay: seconds), on: connection, arguments: [
                "x-message-ttl": .int(Int64(seconds) * 1000),
                "x-dead-letter-exchange": .string(""),
                "x-dead-letter-routing-key": .string(jobs),
            ])
        }
    }

    /// Messages ready in the work queue and in the retry queues (not counting those being worked on).
    public func pending(on connection: AMQPConnection) throws -> Int {
        try ([jobs] + retryQueues).reduce(0) { $0 + (try connection.queueInfo($1).messageCount) }
    }

    private func declare(_ queue: String, on connection: AMQPConnection, arguments: [String: AMQPFieldValue]) throws {
        do {
            try connection.declareQueue(queue, durable: true, arguments: arguments)
        } catch let error as ConnectorError where error.code == .serverError && error.underlying?.contains("406") == true {
            throw ConfigurationError(file: "rabbitmq", reason: "queue '\(queue)' exists with other settings than ninjait-reports declares "
                                     + "(\(error.message)); delete it or set another jobs_queue")
        }
    }
}
