import Foundation

/// Renders a `ReportDocument` to one XLSX workbook through libxlsxwriter.
///
/// Sheets: "Summary" first (title, tenant, period, time zone, generated at, KPIs with
/// status colours, contents, notes), then one sheet per table (bold header in the tenant's
/// accent colour, frozen, autofilter, widths, number/percent/duration/date formats, red
/// fill on breached rows, a native chart when the table has one), then "Charts" when the
/// document has tenant-level charts. Text is always written with `worksheet_write_string`
/// (never as a formula); text that starts like a formula also gets the quote prefix.
/// Timestamps are Excel date-times in the tenant's local time (local columns) or UTC,
/// as the header says. Over-long text (> 32,767 characters) is cut with a marker and
/// over-long tables are split or truncated; the Summary notes both.
public struct XLSXRenderer: Sendable {
    public var options: XLSXOptions
    /// The words of every language (`<templates>/i18n`); the document's `locale` picks the
    /// language of sheet names, headers and the Summary (numbers stay numbers with formats).
    public var catalogs = MessageCatalogs()

    public init(options: XLSXOptions = XLSXOptions()) { self.options = options }

    /// Whether `document` is written in constant-memory mode under the current options.
    public func usesConstantMemory(_ document: ReportDocument) -> Bool {
        switch options.constantMemory {
        case .never: return false
        case .always: return true
        case .aboveRows(let n): return document.tables.contains { ($0.rows.estimatedCount ?? Int.max) > n }
        }
    }

    /// Writes the workbook to `url` (created or replaced); throws `RenderingError` on failure.
    public func render(_ document: ReportDocument, to url: URL) throws -> RenderedFile {
        try document.validate()
        let zone = try document.timeZone()
        let words = catalogs.localization(for: document.locale)
        let document = document.localized(words, formatter: words.formatter(timeZone: zone))
        let book = try XLSXWorkbook(url: url, constantMemory: usesConstantMemory(document),
                                    temporaryDirectory: options.temporaryDirectory)
        try book.setProperties(title: document.title, subject: "\(document.tenant.displayName) — \(document.period.label)",
                               author: document.generator, created: document.generatedAt)
        var context = XLSXContext(book: book, document: document, zone: zone, options: options, words: words)
        let summary = try book.addWorksheet(words.text("xlsx.summary"))
        summary.activate()
        let summaryRow = try context.writeSummaryHead(summary)
        var contents: [(sheet: String, title: String, rows: Int, caption: String?)] = []
        for table in document.tables {
            let result = try context.writeTable(table)
            for (i, sheet) in result.sheets.enumerated() {
                contents.append((sheet.name, table.title + (i > 0 ? " " + words.text("word.continued") : ""), sheet.rows, i == 0 ? table.caption : nil))
            }
        }
        if !document.charts.isEmpty {
            let sheet = try context.writeCharts(document.charts)
            contents.append((sheet, words.text("xlsx.charts"), 0, nil))
        }
        _ = try context.writeSummaryTail(summary, from: summaryRow, contents: contents)
        try book.close()
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return RenderedFile(format: .xlsx, url: url, bytes: bytes)
    }
}
