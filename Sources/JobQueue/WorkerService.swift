import DaemonService
import Reporting

/// The worker as a `DaemonService`: graceful shutdown cancels the consumer (deliveries already on
/// the wire go back to the queue), lets the running jobs finish and be settled (acked, retried or
/// dead-lettered), flushes the outbox and ends; with `once` it also ends when nothing is left to do.
public typealias WorkerService = DaemonService<WorkerOutcome>

extension DaemonService where Outcome == WorkerOutcome {
    /// A worker service; its logfmt lines go to `log`.
    public init(options: WorkerOptions, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        self.init(name: "worker") { shutdownRequested in
            try JobWorker(options: options, log: log).run(shutdownRequested: shutdownRequested)
        }
    }

    /// Runs a worker as this process's daemon (see `DaemonService.serve()`); what it did.
    public static func serve(options: WorkerOptions) async throws -> WorkerOutcome {
        try await DaemonService(options: options).serve() ?? WorkerOutcome()
    }
}
