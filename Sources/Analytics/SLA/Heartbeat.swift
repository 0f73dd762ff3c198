import Foundation

/// One agent check-in: when (whole epoch seconds) and whether it reported `online`.
///
/// Feed heartbeats sorted by time (equal times allowed, kept in the given order).
public struct Heartbeat: Sendable, Hashable {
    /// Epoch seconds (sub-second parts floored).
    public var time: Int64
    /// The `online` field of the point; `false` means the agent reported itself offline.
    public var online: Bool

    /// Creates a heartbeat at epoch second `time`.
    public init(time: Int64, online: Bool = true) {
        self.time = time
        self.online = online
    }

    /// Creates a heartbeat at `date` (floored to the second).
    public init(date: Date, online: Bool = true) {
        self.init(time: Int64(epochSecondsOf: date), online: online)
    }
}

/// One gap between consecutive heartbeats as InfluxQL `elapsed(online, 1s)` reports it:
/// the later heartbeat's time and the seconds since the previous heartbeat.
public struct HeartbeatGap: Sendable, Hashable {
    /// Time of the heartbeat that ended the gap (epoch seconds).
    public var end: Int64
    /// Seconds since the previous heartbeat.
    public var seconds: Int64

    /// Creates a gap.
    public init(end: Int64, seconds: Int64) {
        self.end = end
        self.seconds = seconds
    }
}

/// A device's heartbeat stream reduced to what the SLA needs, as pushed-down queries can
/// return it instead of every point (see `SLAEngine.device(gaps:createdAt:maintenance:)`).
///
/// "The stream" is exactly what would otherwise be fed to the streaming accumulator: the
/// last heartbeat before the period, every heartbeat in it, and the first one after it.
/// - `first`/`last`: its first and last heartbeat (nil for both when it is empty);
/// - `gaps`: every consecutive pair more than `grace` apart (smaller ones are ignored), e.g.
///   `SELECT * FROM (SELECT elapsed(online, 1s) AS gap FROM heartbeat WHERE device_id = ..
///   AND time >= <first> AND time <= <last>) WHERE gap > 180`;
/// - `transitions`: every heartbeat after `first` whose `online` differs from the
///   heartbeat before it (online→offline and offline→online changes), in time order.
public struct HeartbeatGapSummary: Sendable, Hashable {
    /// First heartbeat of the stream.
    public var first: Heartbeat?
    /// Last heartbeat of the stream.
    public var last: Heartbeat?
    /// Gaps longer than grace, in time order.
    public var gaps: [HeartbeatGap]
    /// Changes of the online flag after `first`, in time order.
    public var transitions: [Heartbeat]

    /// Creates a summary.
    public init(first: Heartbeat?, last: Heartbeat?, gaps: [HeartbeatGap], transitions: [Heartbeat]) {
        self.first = first
        self.last = last
        self.gaps = gaps
        self.transitions = transitions
    }

    /// The summary of a full heartbeat stream (what the pushed-down queries return; used by
    /// tests to prove both SLA paths agree).
    public init<S: Sequence>(heartbeats: S, graceSeconds: Int64) where S.Element == Heartbeat {
        var first: Heartbeat?
        var previous: Heartbeat?
        var gaps: [HeartbeatGap] = []
        var transitions: [Heartbeat] = []
        for h in heartbeats {
            if let p = previous {
                if h.time - p.time > graceSeconds { gaps.append(HeartbeatGap(end: h.time, seconds: h.time - p.time)) }
                if h.online != p.online { transitions.append(h) }
            } else {
                first = h
            }
            previous = h
        }
        self.init(first: first, last: previous, gaps: gaps, transitions: transitions)
    }
}
