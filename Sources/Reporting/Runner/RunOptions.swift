import Foundation
import Rendering

/// How `run`, `nightly` and the worker produce reports.
public struct RunOptions: Sendable {
    /// Overrides every definition's formats.
    public var formats: [OutputFormat]? = nil
    public var outDirectory: String
    /// Queue the `report.ready` notification (and flush the outbox after the run).
    public var publish = true
    /// Produce a report again even if it already succeeded.
    public var force = false
    /// Recorded in the ledger: `run`, `nightly` or `worker`.
    public var trigger = "run"
    /// "Now": relative periods are counted from it, a running period ends at it, reports say they were generated at it.
    public var now = Date()
    public var tier: TieredHistory.Tier = .auto

    public init(outDirectory: String) { self.outDirectory = outDirectory }
}
