extension CivilDate {
    /// Days since 1970-01-01 of `year-month-day` (negative before); the arithmetic behind `daysSinceEpoch`.
    ///
    /// Takes any integers, unchecked: a day past the month's end counts on into the next
    /// month (2026-02-30 gives the count of 2026-03-02), so a caller holding an unvalidated
    /// date gets its day count without the throwing initialiser.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        // Howard Hinnant's days_from_civil.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day holding second `seconds` of a clock that counts from its own 1970-01-01 00:00.
    ///
    /// Epoch seconds give the UTC date, wall-clock seconds (`LocalClock.wallClock(at:)`) the
    /// local one. Floored: second −1 lies on 1969-12-31.
    public init(epochSeconds seconds: Int64) {
        self.init(daysSinceEpoch: LocalClock.floorDiv(seconds, 86_400))
    }

    /// Seconds since midnight (0 ..< 86,400) of second `seconds`, on the clock of `init(epochSeconds:)`.
    public static func secondOfDay(_ seconds: Int64) -> Int64 {
        LocalClock.floorMod(seconds, 86_400)
    }
}
