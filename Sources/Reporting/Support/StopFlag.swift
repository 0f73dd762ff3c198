import Dispatch
import Foundation
import Reporting

/// Asks a running daemon (`mailer`, `worker`) to stop after the message or job it is working on (SIGTERM, SIGINT, or a test).
///
/// `installSignalHandlers()` routes SIGTERM and SIGINT to `request()`; a second signal ends the
/// process at once with status 130 (unacked deliveries go back to the queue, and
/// `reporting.mail_log` keeps a mailed one from being mailed again).
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    public init() {}

    public var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }

    public func request() {
        lock.lock()
        let again = requested && !sources.isEmpty
        requested = true
        lock.unlock()
        if again { exit(130) }
    }

    /// SIGTERM and SIGINT call `request()` from now on (for the life of the process).
    public func installSignalHandlers() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }
}
