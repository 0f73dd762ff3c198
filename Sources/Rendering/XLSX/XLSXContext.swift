import CXLSXWriter
import Foundation

/// State while writing one workbook.
struct XLSXContext {
    let book: XLSXWorkbook
    let document: ReportDocument
    let zone: TimeZone
    let options: XLSXOptions
    let accent: UInt32
    /// The report's language (sheet names, headers, the Summary's words).
    let words: ReportLocalization
    var offsets: OffsetCache
    /// Notes added while writing (truncations, splits); shown at the end of the Summary.
    var notes: [String] = []

    init(book: XLSXWorkbook, document: ReportDocument, zone: TimeZone, options: XLSXOptions, words: ReportLocalization = .builtInEnglish) {
        self.words = words
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
        let s = DateText.seconds(date)
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
            notes.append(words.text("xlsx.cell_cut", ["place": place(), "count": String(text.count)]))
        }
        let quoted = TextSafety.startsLikeFormula(safe)
        try sheet.string(row, col, safe, try format(style, breached: breached, quoted: quoted))
    }
}
