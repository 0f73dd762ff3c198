import Reporting

/// What running one job came to; the consumer thread acks, retries or dead-letters accordingly.
struct JobVerdict: Sendable {
    enum Kind: Sendable {
        /// Succeeded or skipped (it had succeeded before): ack.
        case done
        /// Failed: retry later, or dead-letter after the last attempt.
        case failed
        /// Can never run (definition or tenant gone): dead-letter now.
        case invalid
        /// Another worker holds the job's lock: requeue with a delay, same attempt.
        case busy
    }

    var item: JobWorkItem
    var kind: Kind
    var result: ReportResult
    /// The outbox flush after a done job: notifications sent, and those left for a later flush.
    var published = 0
    var unpublished = 0
    var outboxError: String? = nil
}
