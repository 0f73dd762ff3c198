import Foundation

/// How a column or a KPI is formatted; the same value type in every renderer.
///
/// - `percent` values are in percent units (99.95 means 99.95 %), not fractions.
/// - `duration` values are seconds (CSV: seconds; XLSX: `[h]:mm:ss`; HTML: "2 h 05 min").
/// - `timestamp(local: true)` is an instant that matters in the tenant's local time: CSV adds a
///   `<key>_local` column (ISO 8601 with offset), XLSX and HTML show local wall time.
///   `timestamp(local: false)` is shown in UTC everywhere.
public enum ValueFormat: Hashable, Sendable {
    case text
    case integer
    case decimal(places: Int)
    case percent(places: Int)
    case duration
    case timestamp(local: Bool)
    case date

    /// True for formats whose cells are numbers in CSV and XLSX.
    public var isNumeric: Bool {
        switch self {
        case .integer, .decimal, .percent, .duration: return true
        case .text, .timestamp, .date: return false
        }
    }

    /// Decimal places used in CSV and HTML.
    var places: Int {
        switch self {
        case .decimal(let p), .percent(let p): return max(0, min(p, 9))
        default: return 0
        }
    }
}

/// A calendar date without a time zone (a day of the tenant's calendar).
public struct ReportDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var daysSinceEpoch: Int { CivilTime.days(year: year, month: month, day: day) }

    /// `YYYY-MM-DD`.
    public var description: String { CivilTime.isoDate(year: year, month: month, day: day) }

    public static func < (a: ReportDate, b: ReportDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

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
