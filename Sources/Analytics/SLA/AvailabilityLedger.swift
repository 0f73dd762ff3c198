/// Books one device's outages and planned downtime into its totals, buckets and outage list,
/// inside service time.
///
/// Monitored time is `(window ∩ S) − maintenance`, maintenance `maintenance ∩ window ∩ S`.
/// Each outage (already merged, filtered by outage_min and clipped to the window) counts
/// with its seconds in S, once, if it has any; the rest is outside-service downtime.
/// Outages and planned pieces must arrive in time order and disjoint: both are clipped to
/// S with a forward merge walk. For 24x7 every instant is service time and the figures are
/// the plain ones.
struct AvailabilityLedger: Sendable {
    let window: EpochInterval
    let breakdown: [EpochInterval]
    /// Service time inside the window, walked by outages; nil for 24x7.
    private var outageService: IntervalCursor?
    /// The same, walked by planned-downtime pieces.
    private var plannedService: IntervalCursor?
    private var outageBucket = 0
    private var plannedBucket = 0
    private(set) var outages: [Outage] = []
    private(set) var totals: AvailabilityTotals
    private(set) var buckets: [AvailabilityTotals]

    init(window: EpochInterval, maintenance: MaintenanceSchedule, breakdown: [EpochInterval], service: ServiceTime) {
        self.window = window
        self.breakdown = breakdown
        guard !service.isAlways else {
            let maint = window.isEmpty ? 0 : maintenance.seconds(in: window)
            totals = AvailabilityTotals(monitoredSeconds: window.seconds - maint, maintenanceSeconds: maint)
            buckets = breakdown.map { b in
                let part = b.intersection(window)
                let m = part.isEmpty ? 0 : maintenance.seconds(in: part)
                return AvailabilityTotals(monitoredSeconds: part.seconds - m, maintenanceSeconds: m)
            }
            return
        }
        let inService = service.intervals(in: window)
        let maintenanceInService = IntervalCursor.intersection(maintenance.windows, inService)
        let maint = IntervalCursor.seconds(maintenanceInService)
        totals = AvailabilityTotals(monitoredSeconds: IntervalCursor.seconds(inService) - maint, maintenanceSeconds: maint)
        var s = IntervalCursor(inService)
        var m = IntervalCursor(maintenanceInService)
        buckets = breakdown.map { b in
            let sv = s.overlap(with: b)
            let mm = m.overlap(with: b)
            return AvailabilityTotals(monitoredSeconds: sv - mm, maintenanceSeconds: mm)
        }
        outageService = IntervalCursor(inService)
        plannedService = outageService
    }

    /// Books an outage whose part inside the window is `clipped` (non-empty).
    mutating func addOutage(_ clipped: EpochInterval, cause: OutageCause, extentStart: Int64?, extentEnd: Int64?) {
        let pieces = Self.inService(clipped, &outageService)
        let inService = IntervalCursor.seconds(pieces)
        outages.append(Outage(interval: clipped, cause: cause, extentStart: extentStart, extentEnd: extentEnd,
                              inServiceSeconds: inService))
        totals.outsideServiceDownSeconds += clipped.seconds - inService
        if inService > 0 {
            totals.downSeconds += inService
            totals.outageCount += 1
            totals.longestOutageSeconds = Swift.max(totals.longestOutageSeconds, inService)
        }
        while outageBucket < breakdown.count && breakdown[outageBucket].end <= clipped.start { outageBucket += 1 }
        var k = outageBucket
        var perBucket = IntervalCursor(pieces)
        while k < breakdown.count && breakdown[k].start < clipped.end {
            let b = breakdown[k]
            let part = perBucket.overlap(with: b)
            if part > 0 {
                buckets[k].downSeconds += part
                buckets[k].outageCount += 1
                buckets[k].longestOutageSeconds = Swift.max(buckets[k].longestOutageSeconds, part)
            }
            buckets[k].outsideServiceDownSeconds += b.overlap(clipped) - part
            k += 1
        }
    }

    /// Books raw down time inside maintenance, `piece` inside the window (non-empty).
    mutating func addPlanned(_ piece: EpochInterval) {
        let pieces = Self.inService(piece, &plannedService)
        totals.plannedDownSeconds += IntervalCursor.seconds(pieces)
        while plannedBucket < breakdown.count && breakdown[plannedBucket].end <= piece.start { plannedBucket += 1 }
        var k = plannedBucket
        var perBucket = IntervalCursor(pieces)
        while k < breakdown.count && breakdown[k].start < piece.end {
            buckets[k].plannedDownSeconds += perBucket.overlap(with: breakdown[k])
            k += 1
        }
    }

    /// The result.
    func finish() -> DeviceAvailability {
        DeviceAvailability(window: window.isEmpty ? EpochInterval(start: window.start, end: window.start) : window,
                           totals: totals, outages: outages, buckets: buckets)
    }

    /// The parts of `x` in service time, walking `service` forward (all of `x` for 24x7).
    private static func inService(_ x: EpochInterval, _ service: inout IntervalCursor?) -> [EpochInterval] {
        guard var cursor = service else { return [x] }
        let pieces = cursor.pieces(of: x)
        service = cursor
        return pieces
    }
}
