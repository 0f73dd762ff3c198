import Foundation

/// A daemon's blocking loop (a C client that polls with timeouts) on a thread of its own, awaited from async code.
///
/// `run()` starts the loop on a new thread and suspends without holding a thread of Swift's
/// cooperative pool, so signal handling and the service group keep running while the loop
/// blocks; it returns the loop's outcome (also kept in `outcome`) or rethrows its error.
/// `requestShutdown()` may come from any thread at any time, also before `run()`: from then on
/// the `shutdownRequested` closure the loop was given returns true, and the loop is expected to
/// finish what it holds (the current message, the running jobs), settle it, take nothing new
/// and return. `DaemonService` bridges the lifecycle's graceful shutdown to `requestShutdown()`.
public final class DaemonThread<Outcome: Sendable>: @unchecked Sendable {
    /// The blocking loop; it polls `shutdownRequested` between units of work.
    public typealias Loop = @Sendable (_ shutdownRequested: @escaping @Sendable () -> Bool) throws -> Outcome

    private let name: String
    private let stackSize: Int
    private let loop: Loop
    private let lock = NSLock()
    private var requested = false
    private var finished: Outcome?

    /// A loop to run on a thread called `name` (as `ps` and debuggers show it).
    public init(name: String, stackSize: Int = 8 << 20, loop: @escaping Loop) {
        self.name = name
        self.stackSize = stackSize
        self.loop = loop
    }

    /// Whether a shutdown was requested; it stays requested.
    public var isShutdownRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    /// What the last `run()` returned; nil before it returned or when it threw.
    public var outcome: Outcome? {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    /// Asks the loop to wind down: finish what it holds, take nothing new, return.
    public func requestShutdown() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    /// Runs the loop on a new thread until it returns; its outcome, or its error.
    public func run() async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { [self] in
                let result = Result { try loop { [self] in isShutdownRequested } }
                if case .success(let outcome) = result { record(outcome) }
                continuation.resume(with: result)
            }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
    }

    private func record(_ outcome: Outcome) {
        lock.lock()
        finished = outcome
        lock.unlock()
    }
}
