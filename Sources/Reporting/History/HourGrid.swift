import Analytics

/// The hour grid of a tenant: hours start at `offset` seconds past each UTC hour.
public struct HourGrid: Sendable, Hashable {
    /// 0 for whole-hour zones, 1800 for Asia/Kolkata, 2700 for Asia/Kathmandu.
    public let offset: Int64

    public init(offset: Int64) { self.offset = ((offset % 3600) + 3600) % 3600 }

    /// The grid of a time zone, from its current UTC offset.
    public init(timeZone: TimeZoneLike) { self.init(offset: Int64(timeZone.secondsFromGMT)) }

    /// Start of the hour containing `t`.
    @inline(__always)
    public func hourStart(_ t: Int64) -> Int64 {
        let shifted = t - offset
        let floor = shifted >= 0 ? shifted / 3600 * 3600 : (shifted - 3599) / 3600 * 3600
        return floor + offset
    }

    /// The rollup day window of UTC date `dayStart` (epoch seconds of 00:00 UTC): 24 grid hours.
    public func dayWindow(utcDayStart dayStart: Int64) -> EpochInterval {
        EpochInterval(start: dayStart + offset, end: dayStart + 86_400 + offset)
    }

    /// The UTC day (its 00:00 epoch) whose rollup window holds the hour starting at `hour`.
    public func rollupDay(ofHour hour: Int64) -> Int64 {
        let shifted = hour - offset
        return shifted >= 0 ? shifted / 86_400 * 86_400 : (shifted - 86_399) / 86_400 * 86_400
    }
}
