import Analytics
import ArgumentParser

/// `--period previous-day|previous-week|previous-month|YYYY-MM-DD|YYYY-Www|YYYY-MM|FROM..TO`.
extension PeriodSpec: ExpressibleByArgument {
    /// The value of `text`; throws `ValidationError` with the reason (options use it as their `transform`).
    static func parse(argument text: String) throws -> PeriodSpec {
        do { return try PeriodSpec(parsing: text) } catch { throw ValidationError(error.message) }
    }

    public init?(argument: String) {
        guard let value = try? Self.parse(argument: argument) else { return nil }
        self = value
    }
}
