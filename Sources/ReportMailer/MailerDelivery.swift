import Connectors
import Foundation
import Reporting

/// One delivery's way through the mailer: decode, deduplicate, attach, send, record, then ack, nack or reject.
///
/// Settling never throws out of here: a failed ack or nack is logged, and the broker redelivers
/// the message later (where `reporting.mail_log` turns a mailed one into a skip).
struct MailerDelivery {
    enum Result {
        case mailed, skipped, rejected, requeued
        /// Rejected because the ledger does not vouch for it (forged, tampered, unknown, superseded, outside the folder).
        case untrusted
        /// The run must end with this error; the delivery was requeued.
        case stop(Error)
    }

    let mailer: Mailer
    let consumer: AMQPConsumer
    let smtp: SMTPClient
    let composer: MailComposer
    let once: Bool
    /// True once the mailer should wind down: a wait for a server ends early.
    let shutdownRequested: @Sendable () -> Bool

    func handle(_ delivery: AMQPDelivery) -> Result {
        if Self.schema(of: delivery.body) == Self.failureSchema { return handleFailure(delivery) }
        // 1. The message itself: JSON, schema v1, a UUID message id that is the run id.
        let notification: ReportNotification
        switch Self.decode(delivery.body) {
        case .success(let decoded): notification = decoded
        case .failure(let reason):
            return reject(delivery, fields: [("message_id", delivery.messageId ?? "-"), ("routing_key", delivery.routingKey)], reason: reason.description)
        }
        let id = (delivery.messageId?.isEmpty == false ? delivery.messageId : nil) ?? notification.runId
        let fields = [("message_id", id), ("tenant", notification.tenant.slug), ("definition", notification.definition)]
        guard let uuid = UUID(uuidString: id) else { return reject(delivery, fields: fields, reason: "message_id is not a UUID") }
        guard let runID = UUID(uuidString: notification.runId), runID == uuid else {
            return untrusted(delivery, fields: fields, MailRejection(.forged, "message_id \(id) is not the run id \(notification.runId)"))
        }

        // 2. Already mailed? Ack without a second mail.
        if let early = skipIfMailed(delivery, uuid, fields: fields) { return early }

        // 3. The ledger vouches for the run, its files and its recipients, or nothing is sent.
        let trust: MailTrust
        do {
            switch MailTrust.verify(notification, against: try mailer.ledger().recordedRun(id: runID)) {
            case .success(let verified): trust = verified
            case .failure(let rejection): return untrusted(delivery, fields: fields, rejection)
            }
        } catch {
            return databaseTrouble(delivery, fields: fields, error: error)
        }
        let recipients = trust.recipients.compactMap { SMTPAddress($0) }
        let invalid = trust.recipients.filter { SMTPAddress($0) == nil }
        if recipients.isEmpty {
            if invalid.isEmpty {
                settle(delivery, fields) { try consumer.ack(delivery) }
                mailer.log(Logfmt.line([("msg", "skipped")] + fields + [("reason", "no recipients")]))
                return .skipped
            }
            return reject(delivery, fields: fields, reason: "no valid recipient address: \(invalid.joined(separator: ", "))")
        }

        // 4. Attachments and the chart from the ledger's file list, checked against its sizes and checksums.
        let plan: MailAttachmentPlan
        do {
            plan = try MailAttachmentPlan.load(files: trust.files, limit: mailer.options.maxAttachmentBytes)
        } catch let error as ReportingError where error.code == .invalidInput {
            return reject(delivery, fields: fields, reason: error.description)
        } catch {
            return failedAttempt(delivery, fields: fields, error: error)
        }

        // 5. Send; only an accepted mail is recorded and acked.
        let message = composer.compose(notification, recipients: recipients, plan: plan, messageID: uuid.uuidString.lowercased())
        let receipt: SMTPReceipt, accepted: [String]
        switch send(message, recipients: recipients, messageID: uuid, runID: UUID(uuidString: notification.runId),
                    attachments: plan.attachments.count, delivery: delivery, fields: fields,
                    purpose: "mail \(notification.definition) for \(notification.tenant.slug) (message \(id))") {
        case .sent(let r, let a): (receipt, accepted) = (r, a)
        case .ended(let result): return result
        }
        var line = [("msg", "mailed")] + fields + [("recipients", "\(accepted.count)"), ("attachments", "\(plan.attachments.count)")]
        if plan.omittedForSize { line.append(("attachments_omitted", "total \(MailAttachmentPlan.size(plan.totalBytes)) over \(MailAttachmentPlan.size(plan.limit))")) }
        if !receipt.refused.isEmpty { line.append(("refused", receipt.refused.keys.sorted().joined(separator: ","))) }
        if !invalid.isEmpty { line.append(("invalid_recipients", invalid.joined(separator: ","))) }
        if plan.chart != nil { line.append(("chart", "inline")) }
        mailer.log(Logfmt.line(line))
        return .mailed
    }

    // MARK: - Outcomes

    /// Acks a message already in `reporting.mail_log` (no second mail); nil when it was not mailed yet.
    func skipIfMailed(_ delivery: AMQPDelivery, _ uuid: UUID, fields: [(String, String)]) -> Result? {
        do {
            guard try mailer.mailLog().contains(uuid) else { return nil }
            settle(delivery, fields) { try consumer.ack(delivery) }
            mailer.log(Logfmt.line([("msg", "skipped")] + fields + [("reason", "already mailed")]))
            return .skipped
        } catch {
            return databaseTrouble(delivery, fields: fields, error: error)
        }
    }

    /// PostgreSQL failed: down or unreachable → wait for it; an SQL error (no schema: run migrate) will not heal by waiting.
    func databaseTrouble(_ delivery: AMQPDelivery, fields: [(String, String)], error: Error) -> Result {
        mailer.resetPostgres()
        if let failure = error as? ConnectorError, !failure.isTransient { return requeueAndStop(delivery, fields: fields, error: error) }
        return unavailable(delivery, fields: fields, error: error)
    }

    /// Rejects without requeue a message the ledger does not vouch for; nothing is sent.
    func untrusted(_ delivery: AMQPDelivery, fields: [(String, String)], _ rejection: MailRejection) -> Result {
        settle(delivery, fields) { try consumer.reject(delivery, requeue: false) }
        mailer.log(Logfmt.line([("msg", "rejected")] + fields + [("verdict", rejection.verdict.rawValue), ("reason", rejection.description)]))
        return .untrusted
    }

    /// Rejects without requeue: the message can never be mailed as it is.
    func reject(_ delivery: AMQPDelivery, fields: [(String, String)], reason: String) -> Result {
        settle(delivery, fields) { try consumer.reject(delivery, requeue: false) }
        mailer.log(Logfmt.line([("msg", "rejected")] + fields + [("reason", reason)]))
        return .rejected
    }

    /// A problem no message can get past (SMTP login refused, TLS, no schema): requeue and end the run.
    func requeueAndStop(_ delivery: AMQPDelivery, fields: [(String, String)], error: Error) -> Result {
        settle(delivery, fields) { try consumer.nack(delivery, requeue: true) }
        mailer.log(Logfmt.line([("msg", "requeued")] + fields + [("error", "\(error)")]))
        return .stop(error)
    }

    /// A server is down or says "later": `once` requeues and stops; a daemon waits (doubling), then requeues.
    func unavailable(_ delivery: AMQPDelivery, fields: [(String, String)], error: Error) -> Result {
        if once {
            settle(delivery, fields) { try consumer.nack(delivery, requeue: true) }
            mailer.log(Logfmt.line([("msg", "requeued")] + fields + [("error", "\(error)")]))
            return .stop(error)
        }
        let delay = mailer.unavailableDelay
        mailer.log(Logfmt.line([("msg", "requeued")] + fields + [("retry_in", "\(Int(delay.rounded()))s"), ("error", "\(error)")]))
        pause(delay)
        mailer.unavailableDelay = min(delay * 2, mailer.options.maxRetryDelay)
        settle(delivery, fields) { try consumer.nack(delivery, requeue: true) }
        return .requeued
    }

    /// A failure of this message (a 5xx refusal, an unreadable file): requeued, rejected after `maxAttempts`.
    func failedAttempt(_ delivery: AMQPDelivery, fields: [(String, String)], error: Error) -> Result {
        let id = fields.first?.1 ?? "-"
        let attempt = (mailer.attempts[id] ?? 0) + 1
        let max = mailer.options.maxAttempts
        if attempt >= max {
            mailer.attempts[id] = nil
            return reject(delivery, fields: fields, reason: "gave up after \(attempt) attempts: \(error)")
        }
        mailer.attempts[id] = attempt
        mailer.log(Logfmt.line([("msg", "requeued")] + fields + [("attempt", "\(attempt)/\(max)"), ("error", "\(error)")]))
        pause(mailer.options.retryDelay * Double(attempt))
        settle(delivery, fields) { try consumer.nack(delivery, requeue: true) }
        return .requeued
    }

    // MARK: - Helpers

    /// Inserts into `reporting.mail_log`, three tries (reconnecting) before giving up.
    /// What `send` did: the mail went out, was recorded and acked, or the delivery ended with a result.
    enum SendOutcome {
        case sent(SMTPReceipt, accepted: [String])
        case ended(Result)
    }

    /// Sends `message` over SMTP, records it in `reporting.mail_log` and acks the delivery;
    /// a transient SMTP error waits for the server, a configuration error requeues and stops,
    /// any other error counts as a failed attempt, and a mail that went out but could not be
    /// recorded stops the run (the broker redelivers it and the log then decides).
    func send(_ message: SMTPMessage, recipients: [SMTPAddress], messageID uuid: UUID, runID: UUID?, attachments: Int,
              delivery: AMQPDelivery, fields: [(String, String)], purpose: String) -> SendOutcome {
        let receipt: SMTPReceipt
        do {
            receipt = try smtp.send(message, purpose: purpose)
        } catch let error as ConnectorError where error.isTransient {
            return .ended(unavailable(delivery, fields: fields, error: error))
        } catch let error as ConnectorError where error.code == .badConfiguration {
            return .ended(requeueAndStop(delivery, fields: fields, error: error))
        } catch {
            return .ended(failedAttempt(delivery, fields: fields, error: error))
        }
        let accepted = receipt.accepted.isEmpty ? recipients.map(\.address) : receipt.accepted
        do {
            try record(uuid, runID: runID, recipients: accepted, attachments: attachments)
        } catch {
            mailer.log(Logfmt.line([("msg", "error")] + fields + [("error", "mailed, but not recorded in reporting.mail_log: \(error)")]))
            return .ended(.stop(error))
        }
        settle(delivery, fields) { try consumer.ack(delivery) }
        mailer.attempts[fields.first?.1 ?? "-"] = nil  // the message id, as `failedAttempt` keys it
        mailer.unavailableDelay = mailer.options.retryDelay
        return .sent(receipt, accepted: accepted)
    }

    func record(_ id: UUID, runID: UUID?, recipients: [String], attachments: Int) throws {
        var lastError: Error?
        for attempt in 0..<3 {
            if attempt > 0 { Thread.sleep(forTimeInterval: Double(attempt)) }
            do {
                try mailer.mailLog().record(messageID: id, runID: runID, recipients: recipients, attachments: attachments)
                return
            } catch {
                lastError = error
                mailer.resetPostgres()
            }
        }
        if let lastError { throw lastError }
    }

    func settle(_ delivery: AMQPDelivery, _ fields: [(String, String)], _ body: () throws -> Void) {
        do { try body() } catch {
            mailer.log(Logfmt.line([("msg", "warning")] + fields + [("error", "the broker will redeliver it: \(error)")]))
        }
    }

    /// Sleeps up to `seconds`, waking early when a shutdown is requested.
    func pause(_ seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !shutdownRequested(), Date() < deadline { Thread.sleep(forTimeInterval: min(0.1, max(0, deadline.timeIntervalSinceNow))) }
    }

    /// The body's `schema` field, if it is a JSON object with one.
    static func schema(of body: Data) -> String? {
        struct Probe: Decodable { let schema: String? }
        return (try? JSONDecoder().decode(Probe.self, from: body))?.schema
    }

    /// A v1 notification, or why the body is not one.
    static func decode(_ body: Data) -> Swift.Result<ReportNotification, DecodeFailure> {
        struct Probe: Decodable { let schema: String? }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: body) else { return .failure(DecodeFailure("the body is not a JSON object")) }
        guard probe.schema == "ninjait.report.ready/v1" else { return .failure(DecodeFailure("unknown schema '\(probe.schema ?? "none")'")) }
        do {
            return .success(try ReportNotification.decode(body))
        } catch {
            return .failure(DecodeFailure("not a valid ninjait.report.ready/v1 message: \(String("\(error)".prefix(300)))"))
        }
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        let description: String
        init(_ text: String) { description = text }
    }
}
