import Foundation
import Logging
import Reporting
import ServiceLifecycle
import UnixSignals

/// The worker as a swift-service-lifecycle `Service`: its blocking consumer loop runs on a thread of its own.
///
/// Graceful shutdown (SIGTERM or SIGINT under `serve`, the group's `triggerGracefulShutdown()`,
/// or cancelling the task) cancels the consumer (deliveries already on the wire go back to the
/// queue), lets the running jobs finish and be settled (acked, retried or dead-lettered), flushes
/// the outbox and ends `run()`; with `once`, `run()` also ends when nothing is left to do.
/// `run()` rethrows what `JobWorker.run` throws; `outcome` is set once it returned. Run it once.
public struct WorkerService: Service {
    private let daemon: DaemonThread<WorkerOutcome>

    public init(options: WorkerOptions, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        daemon = DaemonThread(name: "ninjait-reports worker") { shutdownRequested in
            try JobWorker(options: options, log: log).run(shutdownRequested: shutdownRequested)
        }
    }

    /// What the worker did; nil until `run()` returned, and when it threw.
    public var outcome: WorkerOutcome? { daemon.outcome }

    public func run() async throws {
        let daemon = daemon
        _ = try await withTaskCancellationOrGracefulShutdownHandler {
            try await daemon.run()
        } onCancelOrGracefulShutdown: {
            daemon.requestShutdown()
        }
    }

    /// Runs a worker as this process's daemon, SIGTERM and SIGINT shutting it down gracefully; what it did.
    ///
    /// The second SIGTERM or SIGINT ends the process at once with status 130: the unacked jobs go
    /// back to the queue, and the ledger skips those that had succeeded when they come again.
    public static func serve(options: WorkerOptions) async throws -> WorkerOutcome {
        let service = WorkerService(options: options)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "ninjait-reports.worker") { _ in SwiftLogNoOpLogHandler() }))
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            // The first signal is the group's graceful shutdown; the next one does not wait for it.
            tasks.addTask { for await _ in signals.dropFirst() { exit(130) } }
            defer { tasks.cancelAll() }
            try await group.run()
        }
        return service.outcome ?? WorkerOutcome()
    }
}
