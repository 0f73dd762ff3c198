import Connectors
import Foundation
import Rendering
import Reporting

/// `ninjait-reports mailer`: e-mails each ready report to its recorded recipients, and each failed one to the operators.
///
/// Declares the topic exchange and the durable queue (when it does not exist yet; an existing
/// queue is used as it is, e.g. with a dead-letter exchange) and binds it with `report.ready.#`
/// and `report.failed.#`, then consumes with manual acks and a prefetch. Per message: decode
/// `ninjait.report.ready/v1` or `ninjait.report.failed/v1` (invalid JSON, another schema or a
/// message id that is not the run's UUID → rejected without requeue), skip an id already in
/// `reporting.mail_log` (acked, no mail), check the message against the ledger (`MailTrust`:
/// anything it does not vouch for → rejected, nothing sent), attach the recorded files under the
/// size limit whose SHA-256 matches (a mismatch → rejected), render `email.html.mustache` with
/// the inline chart, send to the run's recorded recipients, record in `mail_log`, and only then
/// ack. A failure notification goes to `opsRecipients` only. See `MailerOptions`
/// for the retry policy. One logfmt line per message goes to `log` (stdout by default).
/// `MailerService` runs it as a daemon (SIGTERM, SIGINT, graceful shutdown).
///
/// Not thread-safe: one `Mailer` per thread; run several processes to mail in parallel.
public final class Mailer {
    public let options: MailerOptions
    let log: @Sendable (String) -> Void
    /// Failed attempts per message id in this process (a restart starts again at 0).
    var attempts: [String: Int] = [:]
    /// The current wait while a server is unavailable; doubles up to `maxRetryDelay`.
    var unavailableDelay: Double
    private var pg: PostgresClient?

    public init(options: MailerOptions, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        self.options = options
        self.log = log
        unavailableDelay = options.retryDelay
    }

    /// Consumes until the queue stays empty for `idleTimeout` (`once`) or until `shutdownRequested` returns true.
    ///
    /// `shutdownRequested` is asked between messages and during the waits for a server: the
    /// message in hand is finished and settled (mailed and acked, or requeued while its server is
    /// down), no new one is taken, and the consumer is cancelled; deliveries the broker had
    /// already sent go back to the queue when the connection closes.
    ///
    /// Throws `ConfigurationError` for a missing template or sender, `ConnectorError` when the
    /// broker is unreachable, when `once` meets an SMTP server or PostgreSQL that is unavailable
    /// (the message stays queued), or when SMTP authentication or TLS fails or `reporting.mail_log`
    /// cannot be queried (no schema: run `migrate`) — in those cases every message stays queued.
    public func run(once: Bool, shutdownRequested: @escaping @Sendable () -> Bool = { false }) throws -> MailerOutcome {
        let template = try MailTemplate(directory: options.templatesDirectory)
        let catalogs = try MessageCatalogs.load(templatesDirectory: options.templatesDirectory)
        guard let from = SMTPAddress(options.from) else {
            throw ConfigurationError(file: "configuration", reason: "smtp_from is not a valid e-mail address: '\(options.from)'")
        }
        let smtp = try SMTPClient(url: options.smtpURL, options: options.smtpOptions)
        let connection = try AMQPConnection(url: options.amqpURL, options: AMQPConnectionOptions(heartbeat: 60, connectionName: "ninjait-reports mailer"))
        defer { connection.close() }
        try NotificationTopology.declare(on: connection, exchange: options.exchange, queue: options.queue, bindingKeys: options.bindingKeys)
        let consumer = try AMQPConsumer(connection: connection, queue: options.queue, prefetch: options.prefetch)
        let worker = MailerDelivery(mailer: self, consumer: consumer, smtp: smtp,
                                    composer: MailComposer(template: template, from: from, catalogs: catalogs), once: once,
                                    shutdownRequested: shutdownRequested)
        log(Logfmt.line([("msg", "mailer started"), ("queue", options.queue), ("exchange", options.exchange),
                         ("binding", options.bindingKeys.joined(separator: ",")), ("smtp", smtp.server), ("mode", once ? "once" : "daemon")]))

        var outcome = MailerOutcome()
        var failure: Error?
        while !shutdownRequested() {
            let delivery: AMQPDelivery?
            do {
                delivery = try consumer.next(timeout: once ? options.idleTimeout : options.pollInterval)
            } catch {
                failure = error
                break
            }
            guard let delivery else {
                if once { break }
                continue
            }
            switch worker.handle(delivery) {
            case .mailed: outcome.mailed += 1
            case .skipped: outcome.skipped += 1
            case .rejected: outcome.rejected += 1
            case .untrusted:
                outcome.rejected += 1
                outcome.untrusted += 1
            case .requeued: outcome.requeued += 1
            case .stop(let error):
                outcome.requeued += 1
                failure = error
            }
            if failure != nil { break }
        }
        try? consumer.cancel()
        log(Logfmt.line([("msg", "mailer stopped"), ("mailed", "\(outcome.mailed)"), ("skipped", "\(outcome.skipped)"),
                         ("rejected", "\(outcome.rejected)"), ("untrusted", "\(outcome.untrusted)"), ("requeued", "\(outcome.requeued)")]
                        + (failure.map { [("error", "\($0)")] } ?? [])))
        if let failure { throw failure }
        return outcome
    }

    /// The deduplication log, reconnecting to PostgreSQL when the last connection was lost.
    func mailLog() throws -> MailLog { MailLog(pg: try postgres()) }

    /// The run ledger the mailer checks every message against (same connection as `mailLog`).
    func ledger() throws -> ReportLedger { ReportLedger(pg: try postgres()) }

    private func postgres() throws -> PostgresClient {
        if let pg, pg.isConnected { return pg }
        let client = try PostgresClient(url: options.postgresURL, applicationName: "ninjait-reports mailer")
        pg = client
        return client
    }

    /// Drops the PostgreSQL connection after an error that may have broken it.
    func resetPostgres() { pg = nil }
}
