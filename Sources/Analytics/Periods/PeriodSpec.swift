import Foundation

/// A period spec, parsed and validated once: relative (`previous-day`, `previous-week`,
/// `previous-month`) or fixed (`YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `FROM..TO`).
///
/// A spec names local calendar days but no time zone; `resolve(relativeTo:in:)` turns it into
/// the `ReportPeriod` of one tenant, a relative spec counted from the local date of the
/// reference instant. Resolving never fails: `init(parsing:)` and the factories reject every
/// impossible date, week or range. `description` is the canonical text, which parses back to
/// an equal spec (for a fixed spec it is the label of every period it resolves to).
public struct PeriodSpec: Sendable, Hashable, CustomStringConvertible {
    enum Form: Sendable, Hashable {
        case previousDay, previousWeek, previousMonth
        case fixed(ReportPeriod.Kind, firstDay: CivilDate, lastDay: CivilDate)
    }

    let form: Form

    init(form: Form) { self.form = form }

    /// The local day before the one containing the reference instant.
    public static let previousDay = PeriodSpec(form: .previousDay)
    /// The ISO week (Monday to Sunday) before the one containing the reference instant.
    public static let previousWeek = PeriodSpec(form: .previousWeek)
    /// The calendar month before the one containing the reference instant.
    public static let previousMonth = PeriodSpec(form: .previousMonth)

    /// The local day `date`.
    public static func day(_ date: CivilDate) -> PeriodSpec {
        PeriodSpec(form: .fixed(.day, firstDay: date, lastDay: date))
    }

    /// ISO week `week` of ISO week-numbering year `year` (throws for week 53 of a 52-week year).
    public static func isoWeek(year: Int, week: Int) throws(AnalyticsError) -> PeriodSpec {
        let monday = try CivilDate.mondayOfISOWeek(year: year, week: week)
        return PeriodSpec(form: .fixed(.isoWeek, firstDay: monday, lastDay: monday.adding(days: 6)))
    }

    /// Calendar month `month` of `year`.
    public static func month(year: Int, month: Int) throws(AnalyticsError) -> PeriodSpec {
        let first = try CivilDate(year: year, month: month, day: 1)
        return PeriodSpec(form: .fixed(.month, firstDay: first, lastDay: first.firstOfMonth(addingMonths: 1).adding(days: -1)))
    }

    /// The local days `from` through `to`, both included (throws when `to` is before `from` or
    /// the range is longer than `ReportPeriod.maximumRangeDays`).
    public static func range(from: CivilDate, to: CivilDate) throws(AnalyticsError) -> PeriodSpec {
        guard to >= from else {
            throw AnalyticsError(.invalidPeriod, "range end \(to) is before its start \(from)")
        }
        let days = to.daysSinceEpoch - from.daysSinceEpoch + 1
        guard days <= Int64(ReportPeriod.maximumRangeDays) else {
            throw AnalyticsError(.invalidPeriod, "range \(from)..\(to) spans \(days) days; at most \(ReportPeriod.maximumRangeDays) are allowed")
        }
        return PeriodSpec(form: .fixed(.range, firstDay: from, lastDay: to))
    }

    /// The fixed spec of `period`'s local days (its kind and days, without its zone).
    public init(_ period: ReportPeriod) {
        form = .fixed(period.kind, firstDay: period.firstDay, lastDay: period.lastDay)
    }

    /// True for `previous-day`, `previous-week` and `previous-month`, whose days depend on the reference instant.
    public var isRelative: Bool {
        if case .fixed = form { return false }
        return true
    }

    /// The period this spec names in `timeZone`, relative to the local date of `reference`
    /// (normally "now"; a fixed spec ignores it).
    public func resolve(relativeTo reference: Date, in timeZone: TimeZone) -> ReportPeriod {
        let clock = LocalClock(timeZone)
        var today: CivilDate { clock.date(at: Int64(epochSecondsOf: reference)) }
        switch form {
        case .fixed(let kind, let first, let last):
            return ReportPeriod(kind: kind, firstDay: first, lastDay: last, clock: clock)
        case .previousDay:
            let day = today.adding(days: -1)
            return ReportPeriod(kind: .day, firstDay: day, lastDay: day, clock: clock)
        case .previousWeek:
            let date = today
            let monday = date.adding(days: -(date.isoWeekday - 1) - 7)
            return ReportPeriod(kind: .isoWeek, firstDay: monday, lastDay: monday.adding(days: 6), clock: clock)
        case .previousMonth:
            let first = today.firstOfMonth(addingMonths: -1)
            return ReportPeriod(kind: .month, firstDay: first, lastDay: first.firstOfMonth(addingMonths: 1).adding(days: -1), clock: clock)
        }
    }

    public var description: String {
        switch form {
        case .previousDay: return "previous-day"
        case .previousWeek: return "previous-week"
        case .previousMonth: return "previous-month"
        case .fixed(let kind, let first, let last): return ReportPeriod.label(kind: kind, firstDay: first, lastDay: last)
        }
    }
}
