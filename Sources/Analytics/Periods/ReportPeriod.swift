import Foundation

/// A calendar period of a report in a tenant's time zone: a day, an ISO week, a month or a
/// range of whole days, as the instants `[start, end)`.
///
/// Create one by resolving a `PeriodSpec` in a zone (`PeriodSpec(parsing:)` reads `previous-day`,
/// `previous-week`, `previous-month`, `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `FROM..TO`) or with the
/// typed factories (`day`, `isoWeek`, `month`, `range`). Boundaries
/// are local midnights (DST-aware: a day may be 23 or 25 hours, a month may be 743 hours);
/// `end` is exclusive. `label` is the stable name used in paths and messages (`2026-10`,
/// `2026-W43`, `2026-10-05`, `2026-10-01..2026-10-07`). `preceding` is the period to
/// compare against; `dayBuckets`, `hourBuckets`, `weekBuckets` split it for charts and tables.
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    /// The kind of calendar period.
    public enum Kind: String, Sendable, Hashable {
        /// One local day.
        case day
        /// One ISO 8601 week, Monday to Sunday.
        case isoWeek = "iso_week"
        /// One calendar month.
        case month
        /// Whole local days from `firstDay` through `lastDay` (both included).
        case range
    }

    /// The kind of period.
    public let kind: Kind
    /// First local day in the period.
    public let firstDay: CivilDate
    /// Last local day in the period (included).
    public let lastDay: CivilDate
    /// The zone the calendar is read in.
    public let clock: LocalClock
    /// The period's instants `[start, end)` in epoch seconds.
    public let interval: EpochInterval

    /// The zone the calendar is read in.
    public var timeZone: TimeZone { clock.timeZone }
    /// First instant of the period (local midnight of `firstDay`).
    public var start: Date { interval.startDate }
    /// First instant after the period (exclusive).
    public var end: Date { interval.endDate }
    /// Number of local days in the period.
    public var dayCount: Int { Int(lastDay.daysSinceEpoch - firstDay.daysSinceEpoch) + 1 }

    /// The stable name: `2026-10-05`, `2026-W43`, `2026-10`, `2026-10-01..2026-10-07`.
    public var label: String { ReportPeriod.label(kind: kind, firstDay: firstDay, lastDay: lastDay) }

    /// The label of a period of `kind` from `firstDay` through `lastDay`, whatever its zone.
    static func label(kind: Kind, firstDay: CivilDate, lastDay: CivilDate) -> String {
        switch kind {
        case .day: return firstDay.description
        case .isoWeek:
            let w = firstDay.isoWeek
            return "\(CivilDate.pad(w.year, 4))-W\(CivilDate.pad(w.week, 2))"
        case .month: return "\(CivilDate.pad(firstDay.year, 4))-\(CivilDate.pad(firstDay.month, 2))"
        case .range: return "\(firstDay)..\(lastDay)"
        }
    }

    public var description: String { "\(label) [\(timeZone.identifier)]" }

    init(kind: Kind, firstDay: CivilDate, lastDay: CivilDate, clock: LocalClock) {
        self.kind = kind
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.clock = clock
        self.interval = EpochInterval(
            start: clock.startOfDay(firstDay),
            end: clock.startOfDay(lastDay.adding(days: 1))
        )
    }

    /// The local day `date`.
    public static func day(_ date: CivilDate, in timeZone: TimeZone) -> ReportPeriod {
        PeriodSpec.day(date).resolve(relativeTo: ReportPeriod.anyInstant, in: timeZone)
    }

    /// ISO week `week` of ISO week-numbering year `year` (throws for week 53 of a 52-week year).
    public static func isoWeek(year: Int, week: Int, in timeZone: TimeZone) throws(AnalyticsError) -> ReportPeriod {
        try PeriodSpec.isoWeek(year: year, week: week).resolve(relativeTo: ReportPeriod.anyInstant, in: timeZone)
    }

    /// Calendar month `month` of `year`.
    public static func month(year: Int, month: Int, in timeZone: TimeZone) throws(AnalyticsError) -> ReportPeriod {
        try PeriodSpec.month(year: year, month: month).resolve(relativeTo: ReportPeriod.anyInstant, in: timeZone)
    }

    /// The local days `from` through `to`, both included (throws when `to` is before `from`
    /// or the range is longer than `maximumRangeDays`).
    public static func range(from: CivilDate, to: CivilDate, in timeZone: TimeZone) throws(AnalyticsError) -> ReportPeriod {
        try PeriodSpec.range(from: from, to: to).resolve(relativeTo: ReportPeriod.anyInstant, in: timeZone)
    }

    /// The reference the factories hand to `PeriodSpec.resolve` (a fixed spec ignores it).
    private static let anyInstant = Date(timeIntervalSince1970: 0)

    /// The longest `FROM..TO` range accepted (about 10 years).
    public static let maximumRangeDays = 3_700

    /// The period of the same kind just before this one: the previous day, ISO week or month
    /// (months may differ in length), or the same number of days right before a range.
    public var preceding: ReportPeriod {
        switch kind {
        case .day:
            let d = firstDay.adding(days: -1)
            return ReportPeriod(kind: .day, firstDay: d, lastDay: d, clock: clock)
        case .isoWeek:
            return ReportPeriod(kind: .isoWeek, firstDay: firstDay.adding(days: -7), lastDay: firstDay.adding(days: -1), clock: clock)
        case .month:
            let first = firstDay.firstOfMonth(addingMonths: -1)
            return ReportPeriod(kind: .month, firstDay: first, lastDay: firstDay.adding(days: -1), clock: clock)
        case .range:
            return ReportPeriod(kind: .range, firstDay: firstDay.adding(days: -dayCount), lastDay: firstDay.adding(days: -1), clock: clock)
        }
    }

    /// The same period read in another time zone (same local days, other instants).
    public func inTimeZone(_ timeZone: TimeZone) -> ReportPeriod {
        ReportPeriod(kind: kind, firstDay: firstDay, lastDay: lastDay, clock: LocalClock(timeZone))
    }

    /// True when `date` lies in `[start, end)`.
    public func contains(_ date: Date) -> Bool { interval.contains(Int64(epochSecondsOf: date)) }

    /// The part of the period that has happened by `now`: `[start, min(end, now))` (empty before start).
    public func elapsed(at now: Date) -> EpochInterval {
        EpochInterval(start: interval.start, end: Swift.max(interval.start, Swift.min(interval.end, Int64(epochSecondsOf: now))))
    }

    /// True while `now` is before the period's end (the period is still running or in the future).
    public func isOpen(at now: Date) -> Bool { Int64(epochSecondsOf: now) < interval.end }
}
