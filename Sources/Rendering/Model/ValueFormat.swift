/// How a column or a KPI is formatted; the same value type in every renderer.
///
/// - `percent` values are in percent units (99.95 means 99.95 %), not fractions.
/// - `duration` values are seconds (CSV: seconds; XLSX: `[h]:mm:ss`; HTML/PDF: the locale's units, "2 Std., 5 Min.").
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
