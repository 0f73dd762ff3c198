import Analytics

/// When a definition is due, judged on the tenant's local calendar date.
public enum ReportSchedule: Sendable, Equatable, CustomStringConvertible {
    case daily
    /// ISO weekday 1 (Monday) ... 7 (Sunday).
    case weekly(Int)
    /// Day of month 1...28, or -1 for the last day.
    case monthly(Int)

    /// Whether a report is due on `date` (a tenant-local calendar date).
    public func isDue(on date: CivilDate) -> Bool {
        switch self {
        case .daily: return true
        case .weekly(let weekday): return date.isoWeekday == weekday
        case .monthly(let day):
            if day == -1 { return date.adding(days: 1).day == 1 }
            return date.day == day
        }
    }

    public var description: String {
        switch self {
        case .daily: return "daily"
        case .weekly(let d): return "weekly:" + ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d - 1]
        case .monthly(let d): return d == -1 ? "monthly:last" : "monthly:\(d)"
        }
    }
}
