import Foundation
import Logging
import Reporting
import ServiceLifecycle
import UnixSignals

/// The mailer as a swift-service-lifecycle `Service`: its blocking consumer loop runs on a thread of its own.
///
/// Graceful shutdown (SIGTERM or SIGINT under `serve`, the group's `triggerGracefulShutdown()`,
/// or cancelling the task) lets the current message finish (mailed, recorded and acked), takes
/// no new one, and ends `run()`; with `once`, `run()` also ends when the queue stays empty for
/// `idleTimeout`. `run()` rethrows what `Mailer.run` throws; `outcome` is set once it returned.
/// Run it once.
public struct MailerService: Service {
    private let daemon: DaemonThread<MailerOutcome>

    public init(options: MailerOptions, once: Bool, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        daemon = DaemonThread(name: "ninjait-reports mailer") { shutdownRequested in
            try Mailer(options: options, log: log).run(once: once, shutdownRequested: shutdownRequested)
        }
    }

    /// What the mailer did; nil until `run()` returned, and when it threw.
    public var outcome: MailerOutcome? { daemon.outcome }

    public func run() async throws {
        let daemon = daemon
        _ = try await withTaskCancellationOrGracefulShutdownHandler {
            try await daemon.run()
        } onCancelOrGracefulShutdown: {
            daemon.requestShutdown()
        }
    }

    /// Runs a mailer as this process's daemon, SIGTERM and SIGINT shutting it down gracefully; what it did.
    ///
    /// The second SIGTERM or SIGINT ends the process at once with status 130: the unacked delivery
    /// goes back to the queue, and `reporting.mail_log` keeps a mailed one from being mailed again.
    public static func serve(options: MailerOptions, once: Bool) async throws -> MailerOutcome {
        let service = MailerService(options: options, once: once)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "ninjait-reports.mailer") { _ in SwiftLogNoOpLogHandler() }))
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            // The first signal is the group's graceful shutdown; the next one does not wait for it.
            tasks.addTask { for await _ in signals.dropFirst() { exit(130) } }
            defer { tasks.cancelAll() }
            try await group.run()
        }
        return service.outcome ?? MailerOutcome()
    }
}
