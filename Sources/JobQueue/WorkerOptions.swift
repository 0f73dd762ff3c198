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
