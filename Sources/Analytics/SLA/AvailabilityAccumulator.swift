/// Streaming SLA computation for one device: feed its heartbeats one by one in time
/// order, then `finish()`. Memory is O(outages), never O(heartbeats).
///
/// Obtain one from `SLAEngine.accumulator(createdAt:maintenance:)`. Feed the last heartbeat
/// before the period, every heartbeat in it and the first one after it (more on either
/// side only makes outages crossing the period's edges more exact). The rules, for consecutive heartbeats
/// `h_i, h_{i+1}`: down over `[t_i + grace, t_{i+1})` when `h_i` is online and they are
/// more than grace apart; down over `[t_i, t_{i+1})` when `h_i` reported offline. Before
/// the first heartbeat: a device created inside the period gets grace from `created_at`;
/// one that existed before the period but has no heartbeat before it is down from the
/// window start. After the last heartbeat: down from `t_last + grace` (or from `t_last`
/// if it reported offline), ongoing. Then maintenance is removed, touching pieces merged,
/// outages under `outage_min` dropped, everything clipped to the window and then to the
/// engine's service time (see `SLAEngine`).
public struct AvailabilityAccumulator: Sendable {
    let period: EpochInterval
    let createdAt: Int64
    let grace: Int64
    var assembler: OutageAssembler
    private var started = false
    private var firstTime: Int64 = 0
    private var firstOfflineLeftOpen = false
    private var previousTime: Int64 = 0
    private var previousOnline = true
    /// Heartbeats fed so far.
    public private(set) var heartbeatCount = 0

    init(period: EpochInterval, window: EpochInterval, createdAt: Int64, policy: SLAPolicy,
         maintenance: MaintenanceSchedule, breakdown: [EpochInterval], service: ServiceTime) {
        self.period = period
        self.createdAt = createdAt
        self.grace = policy.graceSeconds
        self.assembler = OutageAssembler(window: window, outageMinimum: policy.outageMinimumSeconds,
                                         maintenance: maintenance, breakdown: breakdown, service: service)
    }

    /// True when monitoring starts at `created_at` (created inside the period): the device
    /// then gets grace to send its first heartbeat.
    var createdInPeriod: Bool { createdAt >= period.start }

    /// Feeds the next heartbeat; throws `unsortedInput` if it is earlier than the previous one.
    @inline(__always)
    public mutating func add(_ heartbeat: Heartbeat) throws(AnalyticsError) {
        try add(time: heartbeat.time, online: heartbeat.online)
    }

    /// Feeds the next heartbeat as plain values (same as `add(_:)`).
    @inline(__always)
    public mutating func add(time t: Int64, online: Bool) throws(AnalyticsError) {
        heartbeatCount += 1
        guard started else {
            start(time: t, online: online)
            return
        }
        guard t >= previousTime else {
            throw AnalyticsError(.unsortedInput, "heartbeat at \(t) comes after one at \(previousTime)")
        }
        if !previousOnline {
            assembler.addRaw(start: previousTime, end: t, cause: .reportedOffline,
                             leftOpen: firstOfflineLeftOpen && previousTime == firstTime)
        } else if t - previousTime > grace {
            assembler.addRaw(start: previousTime + grace, end: t, cause: .missedHeartbeats, leftOpen: false)
        }
        previousTime = t
        previousOnline = online
    }

    private mutating func start(time t: Int64, online: Bool) {
        started = true
        firstTime = t
        let w0 = assembler.window.start
        if t > w0 {
            if createdInPeriod {
                if t - w0 > grace { assembler.addRaw(start: w0 + grace, end: t, cause: .missedHeartbeats, leftOpen: false) }
            } else {
                assembler.addRaw(start: w0, end: t, cause: .missedHeartbeats, leftOpen: true)
            }
        } else {
            firstOfflineLeftOpen = !online
        }
        previousTime = t
        previousOnline = online
    }

    /// Ends the stream and returns the device's result.
    public consuming func finish() -> DeviceAvailability {
        let forever = OutageAssembler.unbounded
        if !started {
            let w0 = assembler.window.start
            if createdInPeriod {
                assembler.addRaw(start: w0 + grace, end: forever, cause: .missedHeartbeats, leftOpen: false)
            } else {
                assembler.addRaw(start: w0, end: forever, cause: .missedHeartbeats, leftOpen: true)
            }
        } else if previousOnline {
            assembler.addRaw(start: previousTime + grace, end: forever, cause: .missedHeartbeats, leftOpen: false)
        } else {
            assembler.addRaw(start: previousTime, end: forever, cause: .reportedOffline,
                             leftOpen: firstOfflineLeftOpen && previousTime == firstTime)
        }
        return assembler.finish()
    }
}
