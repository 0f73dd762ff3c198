/// The SLA result of one device over one window: totals, the outage list and the
/// per-bucket breakdown (e.g. local days for the daily trend).
///
/// `window` is the monitoring window `[max(period start, created_at), min(period end, now))`
/// (empty for a device created after the period or a period not yet begun: then every
/// figure is 0 and availability nil). `buckets[i]` covers `SLAEngine.breakdown[i]`. The
/// figures are inside the engine's service time (see `AvailabilityTotals`).
public struct DeviceAvailability: Sendable, Hashable {
    /// The monitoring window (may be empty).
    public let window: EpochInterval
    /// Period totals.
    public let totals: AvailabilityTotals
    /// Outages in time order, clipped to the window; with service time also those wholly
    /// outside it, which do not count (`Outage.touchesServiceTime`).
    public let outages: [Outage]
    /// One entry per breakdown bucket, in the engine's order.
    public let buckets: [AvailabilityTotals]

    /// Creates a result (normally produced by `SLAEngine`).
    public init(window: EpochInterval, totals: AvailabilityTotals, outages: [Outage], buckets: [AvailabilityTotals]) {
        self.window = window
        self.totals = totals
        self.outages = outages
        self.buckets = buckets
    }
}

/// The SLA of a tenant: the time-weighted sum of its devices (see `AvailabilityTotals`).
public struct TenantAvailability: Sendable, Hashable {
    /// Sums over all devices.
    public let totals: AvailabilityTotals
    /// Per breakdown bucket, sums over all devices.
    public let buckets: [AvailabilityTotals]
    /// Number of devices summed.
    public let deviceCount: Int

    /// Sums device results (all from the same engine, so buckets line up).
    public init<S: Sequence>(devices: S) where S.Element == DeviceAvailability {
        var totals = AvailabilityTotals()
        var buckets: [AvailabilityTotals] = []
        var n = 0
        for d in devices {
            totals += d.totals
            if buckets.isEmpty { buckets = d.buckets } else {
                for i in 0..<Swift.min(buckets.count, d.buckets.count) { buckets[i] += d.buckets[i] }
            }
            n += 1
        }
        self.totals = totals
        self.buckets = buckets
        self.deviceCount = n
    }
}
