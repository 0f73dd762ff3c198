import Foundation

/// Why a device was down at the start of an outage.
public enum OutageCause: String, Sendable, Hashable, CaseIterable {
    /// No heartbeat for longer than grace (or none since monitoring began).
    case missedHeartbeats = "missed_heartbeats"
    /// The agent reported `online = false`.
    case reportedOffline = "reported_offline"
}

/// One outage of a device, clipped to the report's monitoring window.
///
/// `interval` is the part inside the window (maintenance already removed, so a window in
/// the middle of a long outage splits it in two); `seconds` is its length and is what
/// counts as down. `extent` is the outage's whole known span, beyond the period's edges:
/// `extentStart` is nil when it began before the first heartbeat known (unknown start),
/// `extentEnd` nil while no later heartbeat has ended it (ongoing). The ClickHouse
/// `outages` table can use `(device, extentStart ?? interval.start)` as its key.
public struct Outage: Sendable, Hashable {
    /// The part inside the monitoring window.
    public let interval: EpochInterval
    /// Cause at the outage's first second.
    public let cause: OutageCause
    /// Where the outage really started (epoch seconds), nil if unknown.
    public let extentStart: Int64?
    /// Where the outage really ended (epoch seconds), nil if still ongoing.
    public let extentEnd: Int64?
    /// Seconds of `interval` inside service time (what counts as down).
    public let inServiceSeconds: Int64

    /// Creates an outage of 24x7 service time (normally produced by `SLAEngine`).
    public init(interval: EpochInterval, cause: OutageCause, extentStart: Int64?, extentEnd: Int64?) {
        self.init(interval: interval, cause: cause, extentStart: extentStart, extentEnd: extentEnd, inServiceSeconds: interval.seconds)
    }

    /// Creates an outage of which `inServiceSeconds` lie in service time.
    public init(interval: EpochInterval, cause: OutageCause, extentStart: Int64?, extentEnd: Int64?, inServiceSeconds: Int64) {
        self.interval = interval
        self.cause = cause
        self.extentStart = extentStart
        self.extentEnd = extentEnd
        self.inServiceSeconds = inServiceSeconds
    }

    /// Seconds inside the window (in and outside service time).
    public var seconds: Int64 { interval.seconds }
    /// True when part of the outage lies in service time (it then counts, once).
    public var touchesServiceTime: Bool { inServiceSeconds > 0 }
    /// Seconds inside the window but outside service time (for information).
    public var outsideServiceSeconds: Int64 { interval.seconds - inServiceSeconds }
    /// Start inside the window.
    public var start: Date { interval.startDate }
    /// End inside the window (exclusive).
    public var end: Date { interval.endDate }
    /// True when the outage began before the window (or at an unknown time).
    public var beganBeforeWindow: Bool { extentStart.map { $0 < interval.start } ?? true }
    /// True when the outage goes on past the window's end (or is ongoing).
    public var continuesAfterWindow: Bool { extentEnd.map { $0 > interval.end } ?? true }
    /// True when no heartbeat has ended it yet.
    public var isOngoing: Bool { extentEnd == nil }
}
