/// The one error type of the Analytics module: a stable code plus a human-readable message.
///
/// Callers branch on `code` (stable across releases) and show `message` (one sentence that
/// names the offending input and the reason). Every throwing API of the module throws only
/// this type (typed throws), so `catch let error as AnalyticsError` is never needed.
public struct AnalyticsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// A period specification could not be parsed or names an impossible date.
        case invalidPeriod = "invalid_period"
        /// A time zone identifier is not a known IANA zone.
        case invalidTimeZone = "invalid_time_zone"
        /// Bytes handed to `QuantileSketch(decoding:)` are not a valid sketch encoding.
        case invalidSketchEncoding = "invalid_sketch_encoding"
        /// A service calendar is malformed (unknown weekday, bad time, empty or overlapping
        /// windows, bad holiday); the message names the calendar and the field.
        case invalidCalendar = "invalid_calendar"
        /// Input that must be sorted by time was not.
        case unsortedInput = "unsorted_input"
        /// Any other argument outside its documented domain (negative grace, end before start, ...).
        case invalidArgument = "invalid_argument"
    }

    /// The stable code.
    public let code: Code
    /// One sentence for humans: what was wrong with which input.
    public let message: String

    /// Creates an error; `message` should name the input and the reason.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
