import Reporting
/// What one `Mailer.run` did, message by message.
public struct MailerOutcome: Sendable, Equatable {
    /// Mails the SMTP server accepted (and recorded in `reporting.mail_log`).
    public var mailed = 0
    /// Messages acked without a mail: already mailed, or no recipients.
    public var skipped = 0
    /// Messages rejected without requeue: invalid JSON, unknown schema, checksum mismatch, untrusted, or refused `maxAttempts` times.
    public var rejected = 0
    /// Of `rejected`, those the ledger did not vouch for: forged, tampered, unknown or superseded run, a path outside the tenant folder.
    public var untrusted = 0
    /// Deliveries requeued for another attempt.
    public var requeued = 0

    public init() {}

    /// 0, or 1 when some message was rejected (the log says which and why).
    public var exitCode: Int32 { rejected > 0 ? ExitStatus.someFailed : ExitStatus.success }
}
