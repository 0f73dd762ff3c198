/// The outage-count objective `max_outages: N`: a device meets it with at most N counted
/// outages in the period (outages ≥ outage_min touching service time); a tenant meets it
/// when every device does.
///
/// A report without `max_outages` has no objective: hold an `OutageCountObjective?` and the
/// status is nil through optional chaining. A device with nothing monitored has no status
/// (nil, like `AvailabilityTotals.meets(targetPercent:)`) and does not decide the tenant's.
public struct OutageCountObjective: Sendable, Hashable {
    /// The most outages allowed per device and period.
    public let maxOutages: Int

    /// Creates the objective; throws `invalidArgument` for a negative count.
    public init(maxOutages: Int) throws(AnalyticsError) {
        guard maxOutages >= 0 else {
            throw AnalyticsError(.invalidArgument, "max_outages must not be negative (got \(maxOutages))")
        }
        self.maxOutages = maxOutages
    }

    /// Whether one device (or bucket) met it; nil when nothing was monitored.
    public func isMet(by totals: AvailabilityTotals) -> Bool? {
        totals.monitoredSeconds > 0 ? totals.outageCount <= maxOutages : nil
    }

    /// Whether one device met it; nil when nothing was monitored.
    public func isMet(by device: DeviceAvailability) -> Bool? { isMet(by: device.totals) }

    /// Whether every device met it: false when one breached it, nil when no device has a
    /// status (none monitored), else true.
    public func isMet<S: Sequence>(byEvery devices: S) -> Bool? where S.Element == DeviceAvailability {
        var any = false
        for d in devices {
            guard let met = isMet(by: d) else { continue }
            if !met { return false }
            any = true
        }
        return any ? true : nil
    }
}
