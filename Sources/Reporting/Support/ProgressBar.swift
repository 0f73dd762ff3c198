import Foundation
import Synchronization

/// A one-line progress bar on standard error when it is a terminal; silent otherwise.
///
/// Thread-safe; redraws at most 10 times a second. Call `finish()` to end the line.
public final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var total = 0
        var label = ""
        var lastDraw = 0.0
    }

    private let title: String
    private let started = Date()
    private let state = Mutex(State())
    public let enabled: Bool

    public init(title: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.title = title
        self.enabled = enabled
    }

    /// Sets the progress; `label` names the current item (a tenant, a report).
    public func update(done: Int, total: Int, label: String = "") {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            s.done = done
            s.total = total
            if !label.isEmpty { s.label = label }
            let now = Date().timeIntervalSince(started)
            guard now - s.lastDraw >= 0.1 || done >= total else { return nil }
            s.lastDraw = now
            return render(s, elapsed: now)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    public func finish() {
        guard enabled else { return }
        let line = state.withLock { s in render(s, elapsed: Date().timeIntervalSince(started)) }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func render(_ s: State, elapsed: Double) -> String {
        let fraction = s.total > 0 ? min(1, Double(s.done) / Double(s.total)) : 0
        let width = 28
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = ""
        if fraction > 0.01 && fraction < 1 {
            eta = " ETA \(ProgressBar.duration(elapsed / fraction - elapsed))"
        }
        return "\r\u{1B}[2K\(title) \(bar) \(Int(fraction * 100))% \(s.done)/\(s.total) \(s.label)\(eta)"
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h" + String(format: "%02dm", s % 3600 / 60) : "\(s / 60)m" + String(format: "%02ds", s % 60)
    }
}
