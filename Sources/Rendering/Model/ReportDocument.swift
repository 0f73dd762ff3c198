import Foundation

/// The format-neutral report: what every kind builds and every renderer reads.
///
/// A kind fills one `ReportDocument` (KPIs, tables with streaming rows, charts, notes) and
/// hands it to `ReportRenderer` (or to `CSVWriter`, `XLSXRenderer`, `HTMLRenderer` directly);
/// no kind contains format-specific code. `generatedAt` is an input, so the same document
/// renders to byte-identical CSV and HTML on every run.
public struct ReportDocument: Sendable {
    public var title: String
    /// The report kind (`sla`, `performance`, `alerts`, `inventory`).
    public var kind: String
    /// The definition name (`sla-monthly`), used in file names.
    public var definition: String
    public var tenant: ReportTenant
    public var period: ReportDocument.Period
    public var generatedAt: Date
    public var kpis: [ReportKPI]
    public var tables: [ReportTable]
    public var charts: [ReportChart]
    public var notes: [String]
    /// "ninjait-reports 1.2.0", shown in footers and XLSX properties.
    public var generator: String
    /// The language and formats of HTML, PDF and XLSX (CSV is the same in every locale).
    public var locale: ReportLocale = .english
    /// Notes that can be translated, by index into `notes` (which holds their English text).
    public var noteMessages: [Int: ReportMessage] = [:]
    /// Set once the titles are translated, so a renderer never translates twice.
    var isLocalized = false

    public init(title: String, kind: String, definition: String, tenant: ReportTenant, period: ReportDocument.Period,
                generatedAt: Date, kpis: [ReportKPI] = [], tables: [ReportTable] = [], charts: [ReportChart] = [],
                notes: [String] = [], generator: String = "ninjait-reports") {
        self.title = title
        self.kind = kind
        self.definition = definition
        self.tenant = tenant
        self.period = period
        self.generatedAt = generatedAt
        self.kpis = kpis
        self.tables = tables
        self.charts = charts
        self.notes = notes
        self.generator = generator
    }

    /// Appends a note that can be translated; `notes` gets its English text.
    public mutating func addNote(_ message: ReportMessage) {
        noteMessages[notes.count] = message
        notes.append(message.english)
    }

    /// The tenant's time zone, or `.invalidDocument` if the id is unknown.
    public func timeZone() throws -> TimeZone {
        guard let tz = TimeZone(identifier: tenant.timeZoneID) else {
            throw RenderingError(.invalidDocument, "unknown time zone \"\(tenant.timeZoneID)\" for tenant \(tenant.slug)")
        }
        return tz
    }

    /// Checks what renderers rely on: known time zone, unique non-empty file-safe table names, column keys.
    public func validate() throws {
        _ = try timeZone()
        var names = Set<String>()
        for t in tables {
            let ok = !t.name.isEmpty && t.name.utf8.allSatisfy { b in
                (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
            }
            guard ok else { throw RenderingError(.invalidDocument, "table name \"\(t.name)\" must be [a-z0-9_-]+") }
            guard names.insert(t.name).inserted else {
                throw RenderingError(.invalidDocument, "duplicate table name \"\(t.name)\"")
            }
            guard !t.columns.isEmpty else { throw RenderingError(.invalidDocument, "table \(t.name) has no columns") }
            if let chart = t.chart {
                for key in [chart.x] + chart.y where t.columnIndex(key) == nil {
                    throw RenderingError(.invalidDocument, "chart of table \(t.name) names unknown column \(key)")
                }
            }
            if case .top(_, let key, _) = t.html, t.columnIndex(key) == nil {
                throw RenderingError(.invalidDocument, "HTML top-N of table \(t.name) names unknown column \(key)")
            }
        }
        if names.contains("summary") && !kpis.isEmpty {
            throw RenderingError(.invalidDocument, "table name \"summary\" is reserved for the KPIs (summary.csv)")
        }
    }
}
