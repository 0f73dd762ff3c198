import Connectors
import Foundation
import Reporting

/// Everything `Mailer` needs: servers, queue topology, limits and retry policy.
///
/// `init(config:)` takes the servers, sender, template directory and attachment limit from the
/// configuration; the queue (`ninjait.reports.mailer`) and binding keys (`report.ready.#`,
/// `report.failed.#`) are the documented defaults, and tests or a second environment can change them. Retries: a
/// message whose mail the SMTP server refused for good (5xx) is requeued after
/// `retryDelay × attempt` seconds and rejected after `maxAttempts`; a server that is down or
/// says "try later" (4xx) is waited for with a doubling delay up to `maxRetryDelay` and never
/// costs the message an attempt.
public struct MailerOptions: Sendable {
    public var amqpURL: String
    public var exchange: String
    public var queue = NotificationTopology.mailerQueue
    public var bindingKeys = NotificationTopology.mailerBindingKeys
    /// Unacked deliveries the broker may hand this mailer at once.
    public var prefetch = 4
    public var postgresURL: String
    public var smtpURL: String
    /// `From:` and envelope sender: `reports@example.com` or `Reports <reports@example.com>`.
    public var from: String
    /// Where `report.failed` messages go (`ops_recipients`); none: they are acked without a mail.
    public var opsRecipients: [String]
    public var templatesDirectory: URL
    /// Files are attached only when a report's files total at most this many bytes.
    public var maxAttachmentBytes: Int
    public var verifyTLS: Bool
    /// SMTP attempts per message (for permanent refusals) before it is rejected.
    public var maxAttempts = 5
    /// Seconds before a refused message is requeued (times the attempt number).
    public var retryDelay = 2.0
    /// Upper bound of the wait while the SMTP server or PostgreSQL is unavailable.
    public var maxRetryDelay = 30.0
    /// `--once`: the queue counts as drained after this many seconds without a delivery.
    public var idleTimeout = 2.0
    /// How often a long-running mailer asks whether to shut down while the queue is idle (seconds).
    public var pollInterval = 1.0
    public var smtpTimeout = 300

    public init(config: Configuration) {
        amqpURL = config.amqpURL
        exchange = config.exchange
        postgresURL = config.postgresURL
        smtpURL = config.smtpURL
        from = config.smtpFrom
        opsRecipients = config.opsRecipients
        templatesDirectory = URL(fileURLWithPath: config.templatesDirectory)
        maxAttachmentBytes = config.mailMaxAttachmentBytes
        verifyTLS = config.verifyTLS
    }

    var smtpOptions: SMTPOptions { SMTPOptions(timeout: smtpTimeout, verifyTLS: verifyTLS) }
}
