import Foundation

/// Converts between instants (epoch seconds) and wall-clock time in one IANA time zone.
///
/// Only `TimeZone.secondsFromGMT(for:)` is taken from Foundation; everything else is integer
/// arithmetic, so DST gaps and repeats are handled explicitly: a wall-clock time that does
/// not exist (spring forward) maps to the first instant after the gap, and one that exists
/// twice (fall back) maps to its first occurrence.
public struct LocalClock: Sendable, Hashable {
    /// The zone.
    public let timeZone: TimeZone

    /// Creates a clock for `timeZone`.
    public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    /// Creates a clock for an IANA identifier (`Europe/Berlin`, `UTC`); throws `invalidTimeZone`.
    public init(identifier: String) throws(AnalyticsError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw AnalyticsError(.invalidTimeZone, "unknown time zone \"\(identifier)\" (expected an IANA name such as Europe/Berlin)")
        }
        self.timeZone = zone
    }

    /// UTC offset in seconds at instant `t`.
    public func offset(at t: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
    }

    /// Wall-clock seconds (seconds since local 1970-01-01 00:00) at instant `t`.
    public func wallClock(at t: Int64) -> Int64 { t + offset(at: t) }

    /// The local calendar date at instant `t`.
    public func date(at t: Int64) -> CivilDate {
        CivilDate(epochSeconds: wallClock(at: t))
    }

    /// The first instant whose wall clock reads `wall` or later (see the type's notes on gaps).
    public func instant(forWallClock wall: Int64) -> Int64 {
        let before = offset(at: wall - 86_400 * 2)
        let after = offset(at: wall + 86_400 * 2)
        var candidates: [Int64] = []
        for off in Set([before, after, offset(at: wall - before), offset(at: wall - after)]) {
            let t = wall - off
            if wallClock(at: t) == wall { candidates.append(t) }
        }
        if let first = candidates.min() { return first }
        // In a gap: the smallest t with wallClock(t) >= wall, between the two candidates.
        var lo = wall - Swift.max(before, after) - 1
        var hi = wall - Swift.min(before, after) + 1
        if wallClock(at: lo) >= wall { lo -= 86_400 }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if wallClock(at: mid) >= wall { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// The instant local day `date` starts (its first instant, usually local midnight).
    public func startOfDay(_ date: CivilDate) -> Int64 {
        instant(forWallClock: date.daysSinceEpoch * 86_400)
    }

    /// The next instant after `t` at which the local wall clock shows a whole hour, or the
    /// UTC offset changes, whichever comes first (so a bucket never spans an offset change).
    public func nextHourBoundary(after t: Int64) -> Int64 {
        let off = offset(at: t)
        let wall = t + off
        let candidate = t + 3600 - Self.floorMod(wall, 3600)
        if offset(at: candidate) == off { return candidate }
        // The offset changes in (t, candidate]: find the first instant with the new offset.
        var lo = t
        var hi = candidate
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == off { lo = mid } else { hi = mid }
        }
        return hi
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}
