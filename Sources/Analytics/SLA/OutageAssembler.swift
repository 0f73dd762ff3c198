/// Turns raw down intervals (in time order, not overlapping) into outages: removes
/// maintenance, merges touching pieces, drops short outages, clips to the window and
/// accumulates totals and buckets. Shared by the streaming and the gap path, so both
/// apply the formulas identically.
struct OutageAssembler: Sendable {
    /// Stand-in for "no end known yet" (ongoing).
    static let unbounded = Int64.max / 4

    let window: EpochInterval
    let outageMinimum: Int64
    let maintenance: [EpochInterval]
    let breakdown: [EpochInterval]
    private var maintenanceIndex = 0
    private var bucketIndex = 0

    private var current: (start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool)?
    private(set) var outages: [Outage] = []
    private(set) var totals: AvailabilityTotals
    private(set) var buckets: [AvailabilityTotals]

    init(window: EpochInterval, outageMinimum: Int64, maintenance: MaintenanceSchedule, breakdown: [EpochInterval]) {
        self.window = window
        self.outageMinimum = outageMinimum
        self.maintenance = maintenance.windows
        self.breakdown = breakdown
        let maint = window.isEmpty ? 0 : maintenance.seconds(in: window)
        totals = AvailabilityTotals(monitoredSeconds: window.seconds - maint, maintenanceSeconds: maint)
        buckets = breakdown.map { b in
            let part = b.intersection(window)
            let m = part.isEmpty ? 0 : maintenance.seconds(in: part)
            return AvailabilityTotals(monitoredSeconds: part.seconds - m, maintenanceSeconds: m)
        }
    }

    /// Adds the raw down interval `[start, end)`; `leftOpen` when its true start is unknown.
    mutating func addRaw(start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool) {
        guard end > start else { return }
        while maintenanceIndex < maintenance.count && maintenance[maintenanceIndex].end <= start {
            maintenanceIndex += 1
        }
        var s = start
        var open = leftOpen
        var k = maintenanceIndex
        // An ongoing outage is not ended by maintenance that starts after the observed end
        // (e.g. tomorrow's window while the period is still running).
        let limit = end >= Self.unbounded ? Swift.min(end, window.end) : end
        while k < maintenance.count && maintenance[k].start < limit {
            let m = maintenance[k]
            if m.start > s { addPiece(start: s, end: m.start, cause: cause, leftOpen: open) }
            if m.end > s {
                s = m.end
                open = false
            }
            if s >= end { return }
            k += 1
        }
        addPiece(start: s, end: end, cause: cause, leftOpen: open)
    }

    private mutating func addPiece(start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool) {
        if let c = current, start <= c.end {
            current?.end = Swift.max(c.end, end)
            return
        }
        closeCurrent()
        current = (start, end, cause, leftOpen)
    }

    private mutating func closeCurrent() {
        guard let c = current else { return }
        current = nil
        let ongoing = c.end >= Self.unbounded
        if !c.leftOpen && !ongoing && c.end - c.start < outageMinimum { return }
        let clipped = EpochInterval(start: c.start, end: c.end).intersection(window)
        guard !clipped.isEmpty else { return }
        outages.append(Outage(interval: clipped, cause: c.cause, extentStart: c.leftOpen ? nil : c.start,
                              extentEnd: ongoing ? nil : c.end))
        let seconds = clipped.seconds
        totals.downSeconds += seconds
        totals.outageCount += 1
        totals.longestOutageSeconds = Swift.max(totals.longestOutageSeconds, seconds)
        while bucketIndex < breakdown.count && breakdown[bucketIndex].end <= clipped.start { bucketIndex += 1 }
        var k = bucketIndex
        while k < breakdown.count && breakdown[k].start < clipped.end {
            let part = breakdown[k].overlap(clipped)
            if part > 0 {
                buckets[k].downSeconds += part
                buckets[k].outageCount += 1
                buckets[k].longestOutageSeconds = Swift.max(buckets[k].longestOutageSeconds, part)
            }
            k += 1
        }
    }

    /// Closes the last outage and returns the result.
    mutating func finish() -> DeviceAvailability {
        closeCurrent()
        return DeviceAvailability(window: window.isEmpty ? EpochInterval(start: window.start, end: window.start) : window,
                                  totals: totals, outages: outages, buckets: buckets)
    }
}
