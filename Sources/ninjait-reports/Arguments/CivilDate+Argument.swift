import Analytics
import ArgumentParser
import Foundation

/// A date argument, `YYYY-MM-DD` (a day that exists).
extension CivilDate: ExpressibleByArgument {
    /// The value of `text`; throws `ValidationError` with the reason (options use it as their `transform`).
    static func parse(argument text: String) throws -> CivilDate {
        do { return try CivilDate(parsing: text) } catch { throw ValidationError(error.message) }
    }

    public init?(argument: String) {
        guard let value = try? Self.parse(argument: argument) else { return nil }
        self = value
    }

    /// The UTC date `days` days after today's (the default of the date options).
    static func todayUTC(adding days: Int = 0) -> CivilDate {
        CivilDate(daysSinceEpoch: Int64(Date().timeIntervalSince1970) / 86_400 + Int64(days))
    }

    /// 00:00 UTC of this date.
    var utcMidnight: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch * 86_400)) }
}
