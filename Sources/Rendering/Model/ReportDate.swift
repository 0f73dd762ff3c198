import Analytics

/// A calendar date without a time zone (a day of the tenant's calendar).
public struct ReportDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The same day as an analytics calendar date.
    public init(_ date: CivilDate) {
        self.init(year: date.year, month: date.month, day: date.day)
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var daysSinceEpoch: Int { Int(CivilDate.daysSinceEpoch(year: year, month: month, day: day)) }

    /// `YYYY-MM-DD`.
    public var description: String { DateText.isoDate(year: year, month: month, day: day) }

    public static func < (a: ReportDate, b: ReportDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
