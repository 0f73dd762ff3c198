import Foundation
import Rendering

/// How `run`, `nightly` and the worker produce reports.
public struct RunOptions: Sendable {
    /// Overrides every definition's formats.
    public var formats: [OutputFormat]? = nil
    public var outDirectory: String
    /// Queue the `report.ready` notification, or `report.failed` for a report that failed (and flush the outbox after the run).
    public var publish = true
    /// Queue `report.failed` when a report fails (with `publish`): false for a worker's attempt that will be retried.
    public var notifyFailure = true
    /// The attempt this is (the worker's job attempt; 1 for `run` and `nightly`), recorded in `report.failed`.
    public var attempt = 1
    /// Produce a report again even if it already succeeded.
    public var force = false
    /// Recorded in the ledger: `run`, `nightly` or `worker`.
    public var trigger = "run"
    /// "Now": relative periods are counted from it, a running period ends at it, reports say they were generated at it.
    public var now = Date()
    public var tier: TieredHistory.Tier = .auto

    public init(outDirectory: String) { self.outDirectory = outDirectory }
}
