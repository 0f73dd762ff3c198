import ArgumentParser
import Foundation

/// An instant argument in ISO 8601 with a zone, like `2026-11-26T00:00:00Z`.
extension Date: @retroactive ExpressibleByArgument {
    /// The value of `text`; throws `ValidationError` with the reason (options use it as their `transform`).
    static func parse(argument text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw ValidationError("'\(text)' is not an ISO 8601 instant like 2026-11-26T00:00:00Z")
        }
        return date
    }

    public init?(argument: String) {
        guard let value = try? Self.parse(argument: argument) else { return nil }
        self = value
    }
}
