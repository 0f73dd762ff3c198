import Foundation

/// One typed cell or KPI value. `missing` renders as an empty CSV cell, a blank XLSX cell and "—" in HTML.
///
/// Strings are Swift Strings: connectors repair invalid UTF-8 from a server with U+FFFD
/// (`String(decoding: bytes, as: UTF8.self)`) before values reach the model; the renderers keep
/// every scalar, including bidi controls such as U+202E, and escape or neutralise where needed.
public enum ReportValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    case number(Double)
    case instant(Date)
    case date(ReportDate)
    case missing

    /// The value as a Double when it is numeric (integers included); nil otherwise or when not finite.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d.isFinite ? d : nil
        default: return nil
        }
    }
}

extension ReportValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}
