/// Turns raw down intervals (in time order, not overlapping) into outages: removes
/// maintenance, merges touching pieces, drops short outages, clips to the window, and books
/// them with `AvailabilityLedger` (which clips to service time). Shared by the streaming and
/// the gap path, so both apply the formulas identically. The raw down time inside
/// maintenance is booked as planned downtime.
struct OutageAssembler: Sendable {
    /// Stand-in for "no end known yet" (ongoing).
    static let unbounded = Int64.max / 4

    let window: EpochInterval
    let outageMinimum: Int64
    let maintenance: [EpochInterval]
    private var maintenanceIndex = 0
    private var plannedIndex = 0
    /// End of the union of the raw intervals fed so far (each raw second is planned once).
    private var rawEnd = Int64.min

    private var current: (start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool)?
    private var ledger: AvailabilityLedger

    init(window: EpochInterval, outageMinimum: Int64, maintenance: MaintenanceSchedule, breakdown: [EpochInterval],
         service: ServiceTime = .always) {
        self.window = window
        self.outageMinimum = outageMinimum
        self.maintenance = maintenance.windows
        ledger = AvailabilityLedger(window: window, maintenance: maintenance, breakdown: breakdown, service: service)
    }

    /// Adds the raw down interval `[start, end)`; `leftOpen` when its true start is unknown.
    mutating func addRaw(start: Int64, end: Int64, cause: OutageCause, leftOpen: Bool) {
        guard end > start else { return }
        addPlanned(start: Swift.max(start, rawEnd), end: end)
        rawEnd = Swift.max(rawEnd, end)
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

    /// Books the part of raw down `[start, end)` inside the window that lies in maintenance.
    private mutating func addPlanned(start: Int64, end: Int64) {
        let lo = Swift.max(start, window.start)
        let hi = Swift.min(end, window.end)
        guard hi > lo else { return }
        while plannedIndex < maintenance.count && maintenance[plannedIndex].end <= lo { plannedIndex += 1 }
        var k = plannedIndex
        while k < maintenance.count && maintenance[k].start < hi {
            let part = maintenance[k].intersection(EpochInterval(start: lo, end: hi))
            if !part.isEmpty { ledger.addPlanned(part) }
            k += 1
        }
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
        ledger.addOutage(clipped, cause: c.cause, extentStart: c.leftOpen ? nil : c.start, extentEnd: ongoing ? nil : c.end)
    }

    /// Closes the last outage and returns the result.
    mutating func finish() -> DeviceAvailability {
        closeCurrent()
        return ledger.finish()
    }
}
