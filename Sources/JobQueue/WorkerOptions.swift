import Foundation
import Reporting

/// Settings of `ninjait-reports worker`; the defaults come from the configuration.
public struct WorkerOptions: Sendable {
    public var config: Configuration
    /// Jobs run at once (runner threads) and the prefetch of the consumer.
    public var concurrency = 1
    /// A job that failed this many times goes to the dead-letter queue.
    public var maxAttempts: Int
    /// Seconds before the second attempt (each later one waits 4 times longer, at most an hour),
    /// and before a job whose lock another worker held comes back.
    public var retryDelay = 30
    /// Exit once nothing is ready in the work queue or the retry queues and every own job is done.
    public var once = false
    /// With `once`: how long the queues must stay quiet, in seconds.
    public var idleTimeout: Double = 1
    /// Where reports are written (default: `out_dir`).
    public var outDirectory: String

    public init(config: Configuration) {
        self.config = config
        maxAttempts = config.jobMaxAttempts
        outDirectory = config.outDirectory
    }

    /// The queues these options use.
    public var topology: JobQueueTopology {
        JobQueueTopology(jobs: config.jobsQueue, maxAttempts: maxAttempts, retryDelay: retryDelay)
    }
}

/// What a worker did before it stopped.
public struct WorkerOutcome: Sendable {
    public var succeeded = 0
    public var skipped = 0
    /// Failed attempts sent to a retry queue.
    public var retried = 0
    /// Jobs sent to the dead-letter queue.
    public var dead = 0
    /// Jobs put back because another worker held their lock, or because the worker was stopping.
    public var requeued = 0
    /// Notifications that could not be published yet (they stay in the outbox).
    public var unpublished = 0

    public var summaryLine: String {
        "summary handled=\(succeeded + skipped + retried + dead) succeeded=\(succeeded) skipped=\(skipped) retried=\(retried) "
            + "dead=\(dead) requeued=\(requeued)"
    }

    /// 0 when every job finished, 1 when one went to the dead-letter queue or a notification stayed in the outbox.
    public var exitCode: Int32 { dead > 0 || unpublished > 0 ? ExitStatus.someFailed : ExitStatus.success }
}
