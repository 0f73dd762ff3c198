import Connectors
import Foundation
import Reporting

/// `report.failed/v1`: a failed report, mailed to the operators (`ops_recipients`) only.
///
/// Never to the tenant's recipients, never to an address from the message. Mailed only when the
/// message id is the run id and the ledger has that run as `failed` for the same tenant (id and
/// slug), definition and period; anything else is rejected as untrusted. Without `ops_recipients`
/// the message is logged and acked, no mail.
extension MailerDelivery {
    static let failureSchema = "ninjait.report.failed/v1"

    func handleFailure(_ delivery: AMQPDelivery) -> Result {
        let failure: ReportFailureNotification
        do {
            failure = try ReportFailureNotification.decode(delivery.body)
        } catch {
            return reject(delivery, fields: [("message_id", delivery.messageId ?? "-"), ("routing_key", delivery.routingKey)],
                          reason: "not a valid \(Self.failureSchema) message: \(String("\(error)".prefix(300)))")
        }
        let id = (delivery.messageId?.isEmpty == false ? delivery.messageId : nil) ?? failure.runId
        let fields = [("message_id", id), ("tenant", failure.tenant.slug), ("definition", failure.definition), ("event", "report.failed")]
        guard let uuid = UUID(uuidString: id) else { return reject(delivery, fields: fields, reason: "message_id is not a UUID") }
        guard let runID = UUID(uuidString: failure.runId), runID == uuid else {
            return untrusted(delivery, fields: fields, MailRejection(.forged, "message_id \(id) is not the run id \(failure.runId)"))
        }
        if let early = skipIfMailed(delivery, uuid, fields: fields) { return early }
        do {
            if let rejection = Self.verifyFailure(failure, against: try mailer.ledger().recordedRun(id: runID)) {
                return untrusted(delivery, fields: fields, rejection)
            }
        } catch {
            return databaseTrouble(delivery, fields: fields, error: error)
        }
        let recipients = mailer.options.opsRecipients.compactMap { SMTPAddress($0) }
        guard !recipients.isEmpty else {
            settle(delivery, fields) { try consumer.ack(delivery) }
            mailer.log(Logfmt.line([("msg", "skipped")] + fields + [("reason", "no ops_recipients configured")]))
            return .skipped
        }
        let mail = FailureMail(failure: failure)
        let message = SMTPMessage(
            from: composer.from, to: recipients, subject: mail.subject, html: mail.html, text: mail.text,
            messageID: "\(uuid.uuidString.lowercased()).failed@\(composer.from.domain)",
            headers: [("Auto-Submitted", "auto-generated"), ("X-NinjaIT-Run-Id", failure.runId),
                      ("X-NinjaIT-Tenant", failure.tenant.slug), ("X-NinjaIT-Report", failure.definition), ("X-NinjaIT-Event", "report.failed")])
        let accepted: [String]
        switch send(message, recipients: recipients, messageID: uuid, runID: runID, attachments: 0, delivery: delivery, fields: fields,
                    purpose: "mail the failure of \(failure.definition) for \(failure.tenant.slug) (message \(id))") {
        case .sent(_, let a): accepted = a
        case .ended(let result): return result
        }
        mailer.log(Logfmt.line([("msg", "mailed")] + fields + [("recipients", "\(accepted.count)"), ("to", "ops")]))
        return .mailed
    }

    /// Why the ledger does not vouch for this failure notification, or nil when it does.
    static func verifyFailure(_ f: ReportFailureNotification, against recorded: RecordedRun?) -> MailRejection? {
        guard let run = recorded else { return MailRejection(.unknownRun, "run \(f.runId) is not in the ledger") }
        guard run.status == "failed" else { return MailRejection(.forged, "run \(f.runId) is \(run.status), not failed") }
        let pairs = [("tenant id", f.tenant.id.lowercased(), run.organizationID.lowercased()), ("tenant slug", f.tenant.slug, run.tenantSlug),
                     ("definition", f.definition, run.definition), ("period", f.period.label, run.periodLabel)]
        for (what, message, ledger) in pairs where message != ledger {
            return MailRejection(.tampered, "\(what) '\(message)' differs from the run's '\(ledger)'")
        }
        return nil
    }
}
