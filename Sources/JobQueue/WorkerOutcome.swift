import Reporting

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
