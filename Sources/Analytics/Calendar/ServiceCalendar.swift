/// A service calendar (business hours): a weekly schedule of local wall-clock windows plus
/// holidays, read in a tenant's time zone. `ServiceCalendar.always` is 24x7.
///
/// Service time S is the union of the windows of every non-holiday day: a window belongs to
/// the local day it starts on, also when it crosses midnight, so a holiday removes the
/// windows that start on it (an overnight window starting the evening before still runs
/// into the holiday). Windows of one day must not overlap; an overnight window may overlap
/// the next day's windows (the union is taken). Build one from its stored form with
/// `parse(name:weekly:holidays:)` / `parse(name:weeklyJSON:holidays:)`, which name the
/// offending field, and turn it into instants with `serviceIntervals(in:clock:)` or
/// `ServiceTime(calendar:clock:over:)`.
public struct ServiceCalendar: Sendable, Hashable, CustomStringConvertible {
    /// The name that stands for every instant.
    public static let alwaysName = "24x7"

    /// Every instant is service time (no windows, no holidays).
    public static let always = ServiceCalendar(alwaysNamed: alwaysName)

    /// The calendar's name (as in `reporting.service_calendars.name`).
    public let name: String
    /// True for 24x7 (`always`): `weekly` and `holidays` are then empty and ignored.
    public let isAlways: Bool
    /// Windows per weekday, sorted by start; a day without windows has none (no entry or empty).
    public let weekly: [Weekday: [ServiceWindow]]
    /// Local days whose windows are removed.
    public let holidays: Set<CivilDate>

    /// Creates a calendar; throws `invalidCalendar` naming `weekly.<day>[i]` when two windows of
    /// one day overlap (`i` is the index in the given order).
    public init(name: String, weekly: [Weekday: [ServiceWindow]], holidays: Set<CivilDate> = []) throws(AnalyticsError) {
        var sorted: [Weekday: [ServiceWindow]] = [:]
        for day in Weekday.allCases {
            guard let windows = weekly[day], !windows.isEmpty else { continue }
            let order = windows.indices.sorted { (windows[$0], $0) < (windows[$1], $1) }
            for (a, b) in zip(order, order.dropFirst()) where windows[a].overlaps(windows[b]) {
                let (first, second) = (Swift.min(a, b), Swift.max(a, b))
                throw Self.invalid(name, "weekly.\(day.key)[\(second)]",
                                   "\(windows[second]) overlaps \(windows[first]) (weekly.\(day.key)[\(first)]) on the same day")
            }
            sorted[day] = order.map { windows[$0] }
        }
        self.name = name
        self.isAlways = false
        self.weekly = sorted
        self.holidays = holidays
    }

    private init(alwaysNamed name: String) {
        self.name = name
        self.isAlways = true
        self.weekly = [:]
        self.holidays = []
    }

    /// The windows starting on `day`, sorted by start.
    public func windows(on day: Weekday) -> [ServiceWindow] { weekly[day] ?? [] }

    /// The windows starting on local day `date`: none on a holiday, sorted by start.
    public func windows(startingOn date: CivilDate) -> [ServiceWindow] {
        holidays.contains(date) ? [] : windows(on: Weekday(of: date))
    }

    /// Service minutes of a week as the wall clock reads them (10 080 for 24x7; holidays
    /// and DST ignored), for a summary like "50 h per week".
    public var nominalWeeklyMinutes: Int {
        isAlways ? 7 * 1440 : weekly.values.joined().reduce(0) { $0 + $1.nominalMinutes }
    }

    /// `24x7`, or the name with its weekly windows and holidays in the stored form.
    public var description: String {
        if isAlways { return name }
        let days = Weekday.allCases.map { d in "\(d.key): [\(windows(on: d).map(\.description).joined(separator: ","))]" }
        let dates = holidays.sorted().map(\.description).joined(separator: ", ")
        return "\(name) {\(days.joined(separator: ", "))} holidays [\(dates)]"
    }

    /// The error for a bad field of calendar `name`.
    static func invalid(_ name: String, _ field: String, _ reason: String) -> AnalyticsError {
        AnalyticsError(.invalidCalendar, "service calendar \"\(name)\": \(field): \(reason)")
    }
}
