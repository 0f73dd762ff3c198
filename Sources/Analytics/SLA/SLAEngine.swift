import Foundation

/// Computes availability, outages and error budgets per device and per tenant for one period,
/// optionally inside service time (business hours): availability = (monitored − down) /
/// monitored, time-weighted over a tenant's devices; error budget allowed = (1 − target) ×
/// monitored, used = down (all in service time when a calendar is given).
///
/// Create one engine per (tenant, period): it holds the period, `now` (for a period still
/// running the window ends there), the `SLAPolicy`, the tenant-wide maintenance, the
/// breakdown buckets (e.g. `ReportPeriod.dayBuckets` for the daily trend, or hours for
/// `availability_hourly`) and the service time S, computed once here. Then per device either
/// stream heartbeats through `accumulator(createdAt:maintenance:)` /
/// `device(heartbeats:createdAt:maintenance:)`, or pass the pushed-down gaps to
/// `device(gaps:createdAt:maintenance:)`; both give identical results. Sum devices with
/// `TenantAvailability(devices:)`. All arithmetic is in whole seconds, so results are exact
/// and reproducible.
///
/// Service time: outages are found on the full timeline first (maintenance removed, touching
/// pieces merged, `outage_min` applied to their full length), then clipped to S: an outage
/// wholly outside S does not count, one crossing S's edge counts once with its in-S
/// seconds. Monitored, down and maintenance are each intersected with S, so availability,
/// error budget, MTTR and MTBF are in-S figures; buckets are treated the same way. With
/// `ServiceTime.always` (24x7, the default) every figure is the plain one.
public struct SLAEngine: Sendable {
    /// The report period `[start, end)`.
    public let period: EpochInterval
    /// The end of observed time: `min(period end, now)`.
    public let observedEnd: Int64
    /// The formulas' parameters.
    public let policy: SLAPolicy
    /// Maintenance applying to every device of the tenant.
    public let tenantMaintenance: MaintenanceSchedule
    /// Buckets of the per-device/tenant breakdown, sorted, not overlapping.
    public let breakdown: [EpochInterval]
    /// Service time inside the period (`always` for 24x7).
    public let serviceTime: ServiceTime

    /// Creates an engine; throws `invalidArgument` for an empty period, an invalid policy or
    /// unsorted/overlapping breakdown buckets. `serviceTime` is S over the period (what lies
    /// outside the period is ignored).
    public init(period: EpochInterval, now: Date? = nil, policy: SLAPolicy = SLAPolicy(),
                tenantMaintenance: MaintenanceSchedule = MaintenanceSchedule(),
                breakdown: [EpochInterval] = [], serviceTime: ServiceTime = .always) throws(AnalyticsError) {
        guard !period.isEmpty else { throw AnalyticsError(.invalidArgument, "SLA period \(period) is empty") }
        try policy.validate()
        for i in breakdown.indices.dropFirst() where breakdown[i].start < breakdown[i - 1].end {
            throw AnalyticsError(.invalidArgument, "breakdown buckets must be sorted and not overlap")
        }
        self.period = period
        self.observedEnd = now.map { Swift.min(period.end, Int64(epochSecondsOf: $0)) } ?? period.end
        self.policy = policy
        self.tenantMaintenance = tenantMaintenance
        self.breakdown = breakdown
        self.serviceTime = serviceTime.isAlways ? .always : ServiceTime(serviceTime.intervals(in: period))
    }

    /// An engine for a `ReportPeriod`, broken down by its local days, with the service time
    /// of `calendar` read in the period's zone (24x7 by default).
    public init(period: ReportPeriod, now: Date? = nil, policy: SLAPolicy = SLAPolicy(),
                tenantMaintenance: MaintenanceSchedule = MaintenanceSchedule(),
                calendar: ServiceCalendar = .always) throws(AnalyticsError) {
        try self.init(period: period.interval, now: now, policy: policy, tenantMaintenance: tenantMaintenance,
                      breakdown: period.dayBuckets.map(\.interval),
                      serviceTime: ServiceTime(calendar: calendar, clock: period.clock, over: period.interval))
    }

    /// The monitoring window of a device created at `createdAt`.
    public func window(createdAt: Int64) -> EpochInterval {
        EpochInterval(start: Swift.max(period.start, createdAt), end: observedEnd)
    }

    /// A streaming accumulator for one device (see `AvailabilityAccumulator`).
    public func accumulator(createdAt: Int64, maintenance: MaintenanceSchedule = MaintenanceSchedule()) -> AvailabilityAccumulator {
        AvailabilityAccumulator(period: period, window: window(createdAt: createdAt), createdAt: createdAt, policy: policy,
                                maintenance: tenantMaintenance.union(maintenance), breakdown: breakdown, service: serviceTime)
    }

    /// One device from its sorted heartbeats (last before the period, all in it, first after).
    public func device<S: Sequence>(heartbeats: S, createdAt: Int64,
                                    maintenance: MaintenanceSchedule = MaintenanceSchedule()) throws(AnalyticsError) -> DeviceAvailability
    where S.Element == Heartbeat {
        var acc = accumulator(createdAt: createdAt, maintenance: maintenance)
        for h in heartbeats { try acc.add(time: h.time, online: h.online) }
        return acc.finish()
    }

    /// One device from pushed-down gap data (see `HeartbeatGapSummary`); identical to
    /// `device(heartbeats:...)` on the stream the summary describes. Throws `unsortedInput`
    /// when gaps or transitions are out of order or outside `first...last`.
    public func device(gaps summary: HeartbeatGapSummary, createdAt: Int64,
                       maintenance: MaintenanceSchedule = MaintenanceSchedule()) throws(AnalyticsError) -> DeviceAvailability {
        let grace = policy.graceSeconds
        let forever = OutageAssembler.unbounded
        let w = window(createdAt: createdAt)
        var assembler = OutageAssembler(window: w, outageMinimum: policy.outageMinimumSeconds,
                                        maintenance: tenantMaintenance.union(maintenance), breakdown: breakdown,
                                        service: serviceTime)
        let createdInPeriod = createdAt >= period.start
        guard let first = summary.first, let last = summary.last else {
            assembler.addRaw(start: createdInPeriod ? w.start + grace : w.start, end: forever,
                             cause: .missedHeartbeats, leftOpen: !createdInPeriod)
            return assembler.finish()
        }
        guard last.time >= first.time else {
            throw AnalyticsError(.unsortedInput, "last heartbeat \(last.time) is before the first \(first.time)")
        }
        var raw: [(start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool)] = []
        // Before the first heartbeat.
        if first.time > w.start {
            if createdInPeriod {
                if first.time - w.start > grace { raw.append((w.start + grace, first.time, .missedHeartbeats, false)) }
            } else {
                raw.append((w.start, first.time, .missedHeartbeats, true))
            }
        }
        // Offline spans from the transitions.
        var spans: [(start: Int64, end: Int64, leftOpen: Bool)] = []
        var offSince: Int64? = first.online ? nil : first.time
        var offLeftOpen = !first.online && first.time <= w.start
        var previous = first.time
        for tr in summary.transitions {
            guard tr.time >= previous, tr.time <= last.time else {
                throw AnalyticsError(.unsortedInput, "transition at \(tr.time) is out of order or outside the stream")
            }
            previous = tr.time
            if tr.online, let s = offSince {
                spans.append((s, tr.time, offLeftOpen))
                offSince = nil
                offLeftOpen = false
            } else if !tr.online, offSince == nil {
                offSince = tr.time
            }
        }
        if let s = offSince { spans.append((s, forever, offLeftOpen)) }
        for s in spans { raw.append((s.start, s.end, .reportedOffline, s.leftOpen)) }
        // Gaps after an online heartbeat (gaps inside an offline span add nothing).
        var spanIndex = 0
        var previousEnd = first.time
        for g in summary.gaps where g.seconds > grace {
            guard g.end >= previousEnd, g.end - g.seconds >= first.time, g.end <= last.time else {
                throw AnalyticsError(.unsortedInput, "gap ending at \(g.end) is out of order or outside the stream")
            }
            previousEnd = g.end
            let from = g.end - g.seconds
            while spanIndex < spans.count && spans[spanIndex].end <= from { spanIndex += 1 }
            if spanIndex < spans.count && spans[spanIndex].start <= from { continue }
            raw.append((from + grace, g.end, .missedHeartbeats, false))
        }
        // After the last heartbeat.
        if last.online { raw.append((last.time + grace, forever, .missedHeartbeats, false)) }
        raw.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        for r in raw { assembler.addRaw(start: r.start, end: r.end, cause: r.cause, leftOpen: r.leftOpen) }
        return assembler.finish()
    }
}
