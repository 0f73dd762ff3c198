import ArgumentParser
import ReportMailer
import Reporting

struct MailerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailer",
        abstract: "Consume report.ready and report.failed messages and e-mail them over SMTP.",
        discussion: """
            Binds queue ninjait.reports.mailer to report.ready.# and report.failed.# on the configured \
            exchange. A report is mailed only when the ledger vouches for its message (a succeeded run of \
            the same tenant, definition and period, the same files inside the tenant folder), to the \
            recipients recorded for the run, with its headline chart inline and the mail_attach formats \
            attached up to mail_max_attachment_bytes; anything else is rejected, nothing sent. A failed \
            report is mailed to ops_recipients only. Each mail is recorded in reporting.mail_log and acked; \
            a message already mailed is acked without a second mail. Runs until SIGTERM or SIGINT \
            (the current message is finished first, exit 0); with --once it exits when the queue stays \
            empty for 2 seconds: 0 when all went well, 1 when a message was rejected, 69 when the SMTP \
            server, PostgreSQL or RabbitMQ is unavailable (messages stay queued), 64 for a configuration error.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Process what is in the queue now, then exit.")
    var once = false

    @Option(help: "Queue to consume (declared and bound if missing).")
    var queue = NotificationTopology.mailerQueue

    func run() async throws {
        try await runCommand {
            var options = MailerOptions(config: try global.load())
            options.queue = queue
            let outcome = try await MailerService.serve(options: options, once: once)
            return once ? outcome.exitCode : ExitStatus.success
        }
    }
}
