import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// A daemon's blocking loop as a swift-service-lifecycle `Service`: the one way `mailer` and `worker` run and stop.
///
/// The loop runs on a thread of its own (`DaemonThread`). Graceful shutdown (SIGTERM or SIGINT
/// under `serve()`, the group's `triggerGracefulShutdown()`, or cancelling the task) makes the
/// loop's `shutdownRequested` return true: the loop finishes what it holds, settles it, takes
/// nothing new and returns, and `run()` ends. `run()` rethrows what the loop throws; `outcome`
/// is set once it returned. Run it once.
public struct DaemonService<Outcome: Sendable>: Service {
    private let daemon: DaemonThread<Outcome>
    /// The daemon's name (`mailer`, `worker`), for the thread and the group's logger.
    public let name: String

    /// A service running `loop` on a thread called `ninjait-reports <name>`.
    public init(name: String, loop: @escaping DaemonThread<Outcome>.Loop) {
        self.name = name
        daemon = DaemonThread(name: "ninjait-reports \(name)", loop: loop)
    }

    /// What the loop returned; nil until `run()` returned, and when it threw.
    public var outcome: Outcome? { daemon.outcome }

    public func run() async throws {
        let daemon = daemon
        _ = try await withTaskCancellationOrGracefulShutdownHandler {
            try await daemon.run()
        } onCancelOrGracefulShutdown: {
            daemon.requestShutdown()
        }
    }

    /// Runs this service as the process's daemon, SIGTERM and SIGINT shutting it down gracefully; what the loop returned.
    ///
    /// The second SIGTERM or SIGINT ends the process at once with status 130: what was not acked
    /// goes back to the queue, and the ledger and `reporting.mail_log` keep work that was done
    /// from being done twice when it comes again.
    public func serve() async throws -> Outcome? {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: self, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "ninjait-reports.\(name)") { _ in SwiftLogNoOpLogHandler() }))
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            // The first signal is the group's graceful shutdown; the next one does not wait for it.
            tasks.addTask { for await _ in signals.dropFirst() { exit(130) } }
            defer { tasks.cancelAll() }
            try await group.run()
        }
        return outcome
    }
}
