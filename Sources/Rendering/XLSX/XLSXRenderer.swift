import CXLSXWriter
import Foundation

/// Options of `XLSXRenderer`.
public struct XLSXOptions: Sendable {
    /// When libxlsxwriter's constant-memory mode is used (rows streamed to a temp file).
    public enum ConstantMemory: Sendable, Hashable {
        case never
        case always
        /// When a table has more than this many rows, or an unknown count.
        case aboveRows(Int)
    }

    /// What happens to a table longer than one sheet (`maxRowsPerSheet` including the header).
    public enum Overflow: Sendable, Hashable {
        /// Continue on new sheets named "Devices (2)", "Devices (3)", ...
        case split
        /// Stop at the sheet limit; the Summary notes how many rows were left out.
        case truncate
    }

    public var constantMemory: ConstantMemory
    /// Where constant-memory temp files go (nil: the system default).
    public var temporaryDirectory: URL?
    public var overflow: Overflow
    /// Excel's limit, 1,048,576 rows; smaller only to test splitting.
    public var maxRowsPerSheet: Int

    public init(constantMemory: ConstantMemory = .aboveRows(100_000), temporaryDirectory: URL? = nil,
                overflow: Overflow = .split, maxRowsPerSheet: Int = 1_048_576) {
        self.constantMemory = constantMemory
        self.temporaryDirectory = temporaryDirectory
        self.overflow = overflow
        self.maxRowsPerSheet = max(2, min(maxRowsPerSheet, 1_048_576))
    }
}

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
        let book = try XLSXWorkbook(url: url, constantMemory: usesConstantMemory(document),
                                    temporaryDirectory: options.temporaryDirectory)
        try book.setProperties(title: document.title, subject: "\(document.tenant.displayName) — \(document.period.label)",
                               author: document.generator, created: document.generatedAt)
        var context = XLSXContext(book: book, document: document, zone: zone, options: options)
        let summary = try book.addWorksheet("Summary")
        worksheet_activate(summary.pointer)
        let summaryRow = try context.writeSummaryHead(summary)
        var contents: [(sheet: String, title: String, rows: Int, caption: String?)] = []
        for table in document.tables {
            let result = try context.writeTable(table)
            for (i, sheet) in result.sheets.enumerated() {
                contents.append((sheet.name, table.title + (i > 0 ? " (continued)" : ""), sheet.rows, i == 0 ? table.caption : nil))
            }
        }
        if !document.charts.isEmpty {
            let sheet = try context.writeCharts(document.charts)
            contents.append((sheet, "Charts", 0, nil))
        }
        _ = try context.writeSummaryTail(summary, from: summaryRow, contents: contents)
        try book.close()
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        return RenderedFile(format: .xlsx, url: url, bytes: bytes)
    }
}

/// State while writing one workbook.
struct XLSXContext {
    let book: XLSXWorkbook
    let document: ReportDocument
    let zone: TimeZone
    let options: XLSXOptions
    let accent: UInt32
    var offsets: OffsetCache
    /// Notes added while writing (truncations, splits); shown at the end of the Summary.
    var notes: [String] = []

    init(book: XLSXWorkbook, document: ReportDocument, zone: TimeZone, options: XLSXOptions) {
        self.book = book
        self.document = document
        self.zone = zone
        self.options = options
        self.accent = UInt32(document.tenant.branding.validatedAccent.dropFirst(), radix: 16) ?? 0x1F5FA8
        self.offsets = OffsetCache(zone: zone)
    }

    func format(_ style: XLSXStyle, breached: Bool = false, quoted: Bool = false) throws -> UnsafeMutablePointer<lxw_format> {
        try book.format(style, breached: breached, quoted: quoted, accent: accent)
    }

    /// Excel serial date-time of an instant, in local time or UTC.
    mutating func excelTime(_ date: Date, local: Bool) -> Double {
        let s = CivilTime.seconds(date)
        return Double(local ? offsets.local(s) : s) / 86_400 + 25_569
    }

    /// Writes text safely: sanitised, truncated with a note, quote-prefixed when it starts like a formula.
    mutating func writeText(_ sheet: XLSXSheet, _ row: Int, _ col: Int, _ text: String, style: XLSXStyle = .text,
                            breached: Bool = false, where place: @autoclosure () -> String) throws {
        var (safe, truncated) = (text, false)
        if text.utf8.count > TextSafety.xlsxCellLimit || text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value >= 0xFFFE }) {
            (safe, truncated) = TextSafety.xlsxText(text)
        }
        if truncated {
            notes.append("\(place()): text of \(text.count) characters cut to Excel's 32,767-character cell limit (the CSV has the full text).")
        }
        let quoted = TextSafety.startsLikeFormula(safe)
        try sheet.string(row, col, safe, try format(style, breached: breached, quoted: quoted))
    }

    mutating func writeSummaryHead(_ sheet: XLSXSheet) throws -> Int {
        try sheet.column(0, width: 30)
        try sheet.column(1, width: 42)
        try sheet.column(2, width: 14)
        try sheet.column(3, width: 40)
        try sheet.printSetup(repeatHeader: false)
        worksheet_set_row(sheet.pointer, 0, 24, nil)
        let doc = document
        try writeText(sheet, 0, 0, doc.title, style: .title, where: "Summary title")
        try writeText(sheet, 1, 0, "\(doc.tenant.displayName) · \(doc.period.label)", style: .subtitle, where: "Summary")
        let meta: [(String, ReportValue, ValueFormat)] = [
            ("Tenant", .text(doc.tenant.displayName), .text),
            ("Tenant id", .text(doc.tenant.id), .text),
            ("Period", .text(doc.period.label), .text),
            ("Period start (\(doc.tenant.timeZoneID))", .instant(doc.period.start), .timestamp(local: true)),
            ("Period end (\(doc.tenant.timeZoneID))", .instant(doc.period.end), .timestamp(local: true)),
            ("Time zone", .text(doc.tenant.timeZoneID), .text),
            ("Generated at (UTC)", .instant(doc.generatedAt), .timestamp(local: false)),
            ("Generator", .text(doc.generator), .text),
        ]
        var row = 3
        for (label, value, fmt) in meta {
            try writeText(sheet, row, 0, label, style: .label, where: "Summary")
            try writeValue(sheet, row, 1, value, fmt, breached: false, where: "Summary \(label)")
            row += 1
        }
        guard !doc.kpis.isEmpty else { return row + 1 }
        row += 1
        try writeText(sheet, row, 0, "Key figures", style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 1, "Value", style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 2, "Status", style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 3, "Note", style: .sectionHeader, where: "Summary")
        row += 1
        for kpi in doc.kpis {
            try writeText(sheet, row, 0, kpi.label, style: .label, where: "Summary")
            try writeValue(sheet, row, 1, kpi.value, kpi.format, breached: kpi.status == .breached, where: "KPI \(kpi.label)")
            if let status = kpi.status {
                let (text, style): (String, XLSXStyle) = switch status {
                case .ok: ("met", .statusOK)
                case .warning: ("warning", .statusWarning)
                case .breached: ("breached", .statusBreached)
                }
                try sheet.string(row, 2, text, try format(style))
            }
            if let hint = kpi.hint { try writeText(sheet, row, 3, hint, style: .note, where: "KPI \(kpi.label)") }
            row += 1
        }
        return row + 1
    }

    mutating func writeSummaryTail(_ sheet: XLSXSheet, from start: Int, contents: [(sheet: String, title: String, rows: Int, caption: String?)]) throws -> Int {
        var row = start
        if !contents.isEmpty {
            try writeText(sheet, row, 0, "Sheet", style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 1, "Contents", style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 2, "Rows", style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 3, "", style: .sectionHeader, where: "Summary")
            row += 1
            for c in contents {
                try writeText(sheet, row, 0, c.sheet, where: "Summary")
                try writeText(sheet, row, 1, c.title, where: "Summary")
                if c.title != "Charts" { try sheet.number(row, 2, Double(c.rows), try format(.integer)) }
                if let caption = c.caption { try writeText(sheet, row, 3, caption, style: .note, where: "Summary") }
                row += 1
            }
            row += 1
        }
        let allNotes = document.notes + notes
        if !allNotes.isEmpty {
            try writeText(sheet, row, 0, "Notes", style: .sectionHeader, where: "Summary")
            row += 1
            for note in allNotes {
                try writeText(sheet, row, 0, note, style: .note, where: "Summary note")
                row += 1
            }
        }
        return row
    }
}
