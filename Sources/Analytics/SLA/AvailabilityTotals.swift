/// Monitored, down and maintenance seconds with the SLA figures derived from them, for a
/// device, a tenant, or one bucket (day/hour) of either.
///
/// `availability = (monitored − down) / monitored`, nil when nothing was monitored (never
/// 100 % for no data). `MTTR = down / outages`, `MTBF = (monitored − down) / outages`, nil
/// with no outage. Totals add up with `+` (time-weighted: a tenant's availability is over
/// the sums, not a mean of percentages). In a bucket, `outageCount` counts outages touching
/// it, so bucket counts do not add up to the period's. With a service calendar every figure
/// is inside service time S (monitored, down, maintenance and planned downtime intersected
/// with S; outages counted when they touch S, with their in-S seconds); only
/// `outsideServiceDownSeconds` lies outside S.
public struct AvailabilityTotals: Sendable, Hashable {
    /// Seconds the device(s) were monitored: existing, inside the window and service time, not in maintenance.
    public var monitoredSeconds: Int64
    /// Down seconds that count (unplanned): outages ≥ outage_min inside service time, maintenance excluded.
    public var downSeconds: Int64
    /// Maintenance seconds inside the window and service time (not part of monitored).
    public var maintenanceSeconds: Int64
    /// Number of outages touching service time.
    public var outageCount: Int
    /// Longest outage (its seconds inside the window and service time).
    public var longestOutageSeconds: Int64
    /// Planned downtime: raw down seconds inside maintenance windows (before merging and
    /// outage_min), inside the window and service time. Not part of `downSeconds`.
    public var plannedDownSeconds: Int64
    /// Seconds of counted outages (≥ outage_min, inside the window) outside service time,
    /// for information; 0 for 24x7. Not part of `downSeconds`.
    public var outsideServiceDownSeconds: Int64

    /// Creates totals.
    public init(monitoredSeconds: Int64 = 0, downSeconds: Int64 = 0, maintenanceSeconds: Int64 = 0,
                outageCount: Int = 0, longestOutageSeconds: Int64 = 0, plannedDownSeconds: Int64 = 0,
                outsideServiceDownSeconds: Int64 = 0) {
        self.monitoredSeconds = monitoredSeconds
        self.downSeconds = downSeconds
        self.maintenanceSeconds = maintenanceSeconds
        self.outageCount = outageCount
        self.longestOutageSeconds = longestOutageSeconds
        self.plannedDownSeconds = plannedDownSeconds
        self.outsideServiceDownSeconds = outsideServiceDownSeconds
    }

    /// The down time that counts against availability: `downSeconds`.
    public var unplannedDownSeconds: Int64 { downSeconds }

    /// `monitored − down`.
    public var upSeconds: Int64 { monitoredSeconds - downSeconds }

    /// `(monitored − down) / monitored` as a fraction 0...1; nil when monitored is 0.
    public var availability: Double? {
        monitoredSeconds > 0 ? Double(upSeconds) / Double(monitoredSeconds) : nil
    }

    /// `availability × 100`; nil when monitored is 0.
    public var availabilityPercent: Double? { availability.map { $0 * 100 } }

    /// Mean time to repair `down / outages` in seconds; nil with no outage.
    public var mttrSeconds: Double? { outageCount > 0 ? Double(downSeconds) / Double(outageCount) : nil }

    /// Mean time between failures `(monitored − down) / outages` in seconds; nil with no outage.
    public var mtbfSeconds: Double? { outageCount > 0 ? Double(upSeconds) / Double(outageCount) : nil }

    /// The error budget for `targetPercent` (e.g. 99.9); nil when monitored is 0.
    public func errorBudget(targetPercent: Double) -> ErrorBudget? {
        guard monitoredSeconds > 0 else { return nil }
        return ErrorBudget(allowedSeconds: Double(monitoredSeconds) * (100 - targetPercent) / 100, usedSeconds: downSeconds)
    }

    /// Whether availability reaches `targetPercent` (`availability × 100 ≥ target`); nil
    /// when monitored is 0.
    public func meets(targetPercent: Double) -> Bool? {
        availabilityPercent.map { $0 >= targetPercent }
    }

    /// Sums seconds and outage counts, takes the longer longest outage.
    public static func + (lhs: AvailabilityTotals, rhs: AvailabilityTotals) -> AvailabilityTotals {
        AvailabilityTotals(
            monitoredSeconds: lhs.monitoredSeconds + rhs.monitoredSeconds,
            downSeconds: lhs.downSeconds + rhs.downSeconds,
            maintenanceSeconds: lhs.maintenanceSeconds + rhs.maintenanceSeconds,
            outageCount: lhs.outageCount + rhs.outageCount,
            longestOutageSeconds: Swift.max(lhs.longestOutageSeconds, rhs.longestOutageSeconds),
            plannedDownSeconds: lhs.plannedDownSeconds + rhs.plannedDownSeconds,
            outsideServiceDownSeconds: lhs.outsideServiceDownSeconds + rhs.outsideServiceDownSeconds
        )
    }

    /// In-place `+`.
    public static func += (lhs: inout AvailabilityTotals, rhs: AvailabilityTotals) { lhs = lhs + rhs }
}

/// An SLA error budget: `allowed = monitored × (100 − target%) / 100`, `used = down`,
/// `left = allowed − used` (negative when the SLA is breached).
public struct ErrorBudget: Sendable, Hashable {
    /// Allowed down seconds.
    public let allowedSeconds: Double
    /// Down seconds used.
    public let usedSeconds: Int64

    /// Creates a budget.
    public init(allowedSeconds: Double, usedSeconds: Int64) {
        self.allowedSeconds = allowedSeconds
        self.usedSeconds = usedSeconds
    }

    /// `allowed − used`; negative when exceeded.
    public var leftSeconds: Double { allowedSeconds - Double(usedSeconds) }
    /// `used / allowed` (1.0 = budget exhausted); nil when nothing is allowed (100 % target).
    public var usedFraction: Double? { allowedSeconds > 0 ? Double(usedSeconds) / allowedSeconds : nil }
}
