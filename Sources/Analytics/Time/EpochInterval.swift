import Foundation

/// A half-open interval `[start, end)` of instants, in whole seconds since 1970-01-01T00:00:00Z.
///
/// All SLA and bucket arithmetic of the module is done in whole seconds so that sums are
/// exact and reruns are byte-identical; heartbeat and window timestamps are floored to the
/// second. `end <= start` means empty. Build one from `Date`s with `init(start:end:)`.
public struct EpochInterval: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// First second inside the interval (epoch seconds).
    public var start: Int64
    /// First second after the interval (epoch seconds, exclusive).
    public var end: Int64

    /// Creates `[start, end)` from epoch seconds.
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    /// Creates `[start, end)` from dates, flooring both to the whole second.
    public init(start: Date, end: Date) {
        self.init(start: Int64(epochSecondsOf: start), end: Int64(epochSecondsOf: end))
    }

    /// Length in seconds; 0 when empty.
    public var seconds: Int64 { end > start ? end - start : 0 }
    /// True when the interval holds no second.
    public var isEmpty: Bool { end <= start }
    /// `start` as a `Date`.
    public var startDate: Date { Date(timeIntervalSince1970: TimeInterval(start)) }
    /// `end` as a `Date`.
    public var endDate: Date { Date(timeIntervalSince1970: TimeInterval(end)) }

    /// True when the second `t` lies in `[start, end)`.
    public func contains(_ t: Int64) -> Bool { t >= start && t < end }

    /// The common part of two intervals (possibly empty).
    public func intersection(_ other: EpochInterval) -> EpochInterval {
        EpochInterval(start: Swift.max(start, other.start), end: Swift.min(end, other.end))
    }

    /// Seconds shared with `other`.
    public func overlap(_ other: EpochInterval) -> Int64 { intersection(other).seconds }

    public static func < (lhs: EpochInterval, rhs: EpochInterval) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }

    public var description: String { "[\(start), \(end))" }
}

extension Int64 {
    /// Whole epoch seconds of `date`, floored (so 12:00:00.9 is 12:00:00, also before 1970).
    public init(epochSecondsOf date: Date) {
        let t = date.timeIntervalSince1970.rounded(.down)
        if t >= 9.2e18 { self = Int64.max / 4 } else if t <= -9.2e18 { self = Int64.min / 4 } else { self = Int64(t) }
    }
}
