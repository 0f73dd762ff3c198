import Connectors
import Foundation
import Reporting

/// `reporting.mail_log`: every message id the mailer has mailed, its deduplication memory.
///
/// A row is written after the SMTP server accepted the mail and before the delivery is acked,
/// so a redelivered or republished message with the same id is acked without a second mail.
struct MailLog {
    let pg: PostgresClient

    func contains(_ messageID: UUID) throws -> Bool {
        try pg.query("SELECT 1 FROM reporting.mail_log WHERE message_id = $1::uuid", [messageID],
                     purpose: "mailer: was message \(messageID.uuidString.lowercased()) mailed").count > 0
    }

    /// Records a mailed message; recording the same id twice keeps the first row.
    func record(messageID: UUID, runID: UUID?, recipients: [String], attachments: Int) throws {
        try pg.query("""
            INSERT INTO reporting.mail_log (message_id, run_id, recipients, attachments)
            VALUES ($1::uuid, $2::uuid, $3::text[], $4) ON CONFLICT (message_id) DO NOTHING
            """, [messageID, runID, recipients, attachments],
            purpose: "mailer: record message \(messageID.uuidString.lowercased()) as mailed")
    }
}
