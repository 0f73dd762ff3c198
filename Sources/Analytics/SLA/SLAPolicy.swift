/// The knobs of the SLA formulas for one report.
///
/// `graceSeconds` (default 180 = 3 × the 60 s check-in interval): a silence longer than
/// this is down from `last heartbeat + grace`. `outageMinimumSeconds` (`outage_min`,
/// default 0): merged outages shorter than this are dropped and counted as up, judged on
/// their whole known length (not the part inside the period); outages whose start or end
/// is unknown (before the first or after the last heartbeat fed) are never dropped.
/// `targetPercent` (`sla_target_pct`, default 99.9) feeds the error budget and "met".
public struct SLAPolicy: Sendable, Hashable {
    /// Allowed silence between heartbeats before the device counts as down (seconds, ≥ 0).
    public var graceSeconds: Int64
    /// Outages shorter than this are dropped (seconds, ≥ 0).
    public var outageMinimumSeconds: Int64
    /// The availability target in percent (0...100).
    public var targetPercent: Double

    /// Creates a policy.
    public init(graceSeconds: Int64 = 180, outageMinimumSeconds: Int64 = 0, targetPercent: Double = 99.9) {
        self.graceSeconds = graceSeconds
        self.outageMinimumSeconds = outageMinimumSeconds
        self.targetPercent = targetPercent
    }

    /// Throws `invalidArgument` for a negative grace/minimum or a target outside 0...100.
    public func validate() throws(AnalyticsError) {
        guard graceSeconds >= 0 else { throw AnalyticsError(.invalidArgument, "grace must not be negative (got \(graceSeconds) s)") }
        guard outageMinimumSeconds >= 0 else {
            throw AnalyticsError(.invalidArgument, "outage_min must not be negative (got \(outageMinimumSeconds) s)")
        }
        guard targetPercent.isFinite, (0...100).contains(targetPercent) else {
            throw AnalyticsError(.invalidArgument, "sla_target_pct must be within 0...100 (got \(targetPercent))")
        }
    }
}
