/// Why the mailer refuses a message it cannot trust: logged (`verdict=`), counted, never mailed, never requeued.
struct MailRejection: Error, CustomStringConvertible {
    enum Verdict: String {
        /// Not something the producer sent: the message id is not the run id, or the run did not end that way.
        case forged
        /// A real run, but the message changed what it recorded: tenant, report, period, files or recipients.
        case tampered
        /// No run with this id in the ledger.
        case unknownRun = "unknown-run"
        /// The run was replaced by a newer one (`run --force`).
        case superseded
        /// A file (after resolving symlinks) or the report folder lies outside the tenant's output folder.
        case outsideFolder = "outside-folder"
        /// The run has no recipients on record (it was produced before they were recorded).
        case unrecorded
    }

    let verdict: Verdict
    let detail: String

    init(_ verdict: Verdict, _ detail: String) {
        self.verdict = verdict
        self.detail = detail
    }

    var description: String { "\(verdict.rawValue): \(detail)" }
}
