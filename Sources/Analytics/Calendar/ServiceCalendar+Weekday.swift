extension ServiceCalendar {
    /// An ISO weekday as a weekly schedule names it: `mon`, `tue`, ... `sun`.
    public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        /// The schedule key: `mon` ... `sun`.
        public var key: String {
            switch self {
            case .monday: return "mon"
            case .tuesday: return "tue"
            case .wednesday: return "wed"
            case .thursday: return "thu"
            case .friday: return "fri"
            case .saturday: return "sat"
            case .sunday: return "sun"
            }
        }

        /// The weekday of a schedule key (`mon` ... `sun`, lower-case); nil for anything else.
        public init?(key: String) {
            guard let day = Weekday.allCases.first(where: { $0.key == key }) else { return nil }
            self = day
        }

        /// The weekday `date` falls on.
        public init(of date: CivilDate) {
            self = Weekday(rawValue: date.isoWeekday) ?? .monday
        }

        public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String { key }
    }
}
