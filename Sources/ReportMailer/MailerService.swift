import DaemonService
import Reporting

/// The mailer as a `DaemonService`: graceful shutdown lets the current message finish (mailed,
/// recorded and acked), takes no new one and ends; with `once` it also ends when the queue stays
/// empty for `idleTimeout`.
public typealias MailerService = DaemonService<MailerOutcome>

extension DaemonService where Outcome == MailerOutcome {
    /// A mailer service; its logfmt lines go to `log`.
    public init(options: MailerOptions, once: Bool, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        self.init(name: "mailer") { shutdownRequested in
            try Mailer(options: options, log: log).run(once: once, shutdownRequested: shutdownRequested)
        }
    }

    /// Runs a mailer as this process's daemon (see `DaemonService.serve()`); what it did.
    public static func serve(options: MailerOptions, once: Bool) async throws -> MailerOutcome {
        try await DaemonService(options: options, once: once).serve() ?? MailerOutcome()
    }
}
