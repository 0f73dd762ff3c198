/// A proleptic Gregorian calendar date without a time or zone (`2026-10-25`).
///
/// Pure integer arithmetic (no `Calendar`), so results never depend on the host locale.
/// Construct validated dates with `init(year:month:day:)` (throws on impossible dates) or
/// from a day count with `init(daysSinceEpoch:)`; `description` is ISO 8601 `YYYY-MM-DD`.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Year (astronomical numbering, 2026 = 2026).
    public let year: Int
    /// Month 1...12.
    public let month: Int
    /// Day of month 1...31.
    public let day: Int

    /// Creates a date, throwing `invalidPeriod` for an impossible one (2026-02-29, month 13).
    public init(year: Int, month: Int, day: Int) throws(AnalyticsError) {
        guard (1...12).contains(month) else {
            throw AnalyticsError(.invalidPeriod, "month \(month) is not in 1...12")
        }
        guard (-9999...9999).contains(year) else {
            throw AnalyticsError(.invalidPeriod, "year \(year) is out of range")
        }
        let last = CivilDate.daysIn(year: year, month: month)
        guard (1...last).contains(day) else {
            throw AnalyticsError(.invalidPeriod, "day \(day) does not exist in \(year)-\(CivilDate.pad(month, 2)) (it has \(last) days)")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative before).
    public init(daysSinceEpoch days: Int64) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = Int(m <= 2 ? y + 1 : y)
        self.month = Int(m)
        self.day = Int(d)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int64 { CivilDate.daysSinceEpoch(year: year, month: month, day: day) }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let d = daysSinceEpoch  // 1970-01-01 was a Thursday (4)
        let r = ((d + 3) % 7 + 7) % 7  // 0 = Monday
        return Int(r) + 1
    }

    /// The ISO 8601 week this date belongs to (its week-numbering year may differ from `year`).
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - isoWeekday)
        let jan1 = CivilDate(unchecked: thursday.year, 1, 1)
        let week = Int((thursday.daysSinceEpoch - jan1.daysSinceEpoch) / 7) + 1
        return (thursday.year, week)
    }

    /// The Monday starting ISO week `week` of ISO year `year`; throws if the year has no such week.
    public static func mondayOfISOWeek(year: Int, week: Int) throws(AnalyticsError) -> CivilDate {
        let weeks = isoWeeksIn(year: year)
        guard (1...weeks).contains(week) else {
            throw AnalyticsError(.invalidPeriod, "ISO year \(year) has weeks 1...\(weeks), not \(week)")
        }
        let jan4 = CivilDate(unchecked: year, 1, 4)
        let mondayWeek1 = jan4.adding(days: 1 - jan4.isoWeekday)
        return mondayWeek1.adding(days: (week - 1) * 7)
    }

    /// Number of ISO weeks (52 or 53) in ISO week-numbering year `year`.
    public static func isoWeeksIn(year: Int) -> Int {
        CivilDate(unchecked: year, 12, 28).isoWeek.week
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// The first day of the month `months` months later (earlier when negative).
    public func firstOfMonth(addingMonths months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let y = index >= 0 ? index / 12 : -((-index + 11) / 12)
        return CivilDate(unchecked: y, index - y * 12 + 1, 1)
    }

    /// True for leap years of the proleptic Gregorian calendar.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in the given month (28...31).
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        "\(CivilDate.pad(year, 4))-\(CivilDate.pad(month, 2))-\(CivilDate.pad(day, 2))"
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }
}
