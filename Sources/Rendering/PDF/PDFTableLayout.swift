import Foundation

/// The column geometry of one table in the PDF and the drawing of its header and rows.
///
/// Only the columns the HTML shows are drawn (machine ids stay in CSV and XLSX). Numeric and
/// time columns get the width of a typical value (or of their title, up to a limit) and one
/// right-aligned line in tabular figures; text columns share the rest and wrap to
/// `maxCellLines` lines (one line, ellipsized, when the column is narrow). When the minimum
/// widths exceed the page every column shrinks in proportion and long values are ellipsized;
/// a table without text columns stays compact.
/// A number wider than its column is set in a smaller size before it is ellipsized. A row is
/// never split: its height is that of its tallest cell.
final class PDFTableLayout {
    static let padX = 4.0
    static let padY = 2.4
    static let narrowColumn = 64.0
    static let shrunkSize = 6.0

    let columnIndices: [Int]
    let x: [Double]
    let widths: [Double]
    let headerTitles: [String]
    let numeric: [Bool]
    let formats: [ValueFormat]
    let cellLayouts: [PangoLayout]
    /// Smaller-size layouts for numeric columns, used for a value that does not fit.
    let shrunkLayouts: [PangoLayout?]
    var useShrunk: [Bool]
    let shrunkOffset: Double
    let wraps: [Bool]
    let typesetter: Typesetter
    let lineHeight: Double
    /// Per column: cairo-only setting of ASCII cells (most numbers, dates, short names).
    let plainLines: [PlainTextLine]
    /// Per column: the text of the current row set by `plainLines` (nil: by the pango layout) and its width.
    var plainTexts: [String?]
    var plainWidths: [Double]
    /// The plain cells of the row being drawn, drawn together (one cairo call per font).
    let plainBatch = PlainTextBatch()
    let headerHeight: Double
    /// The header cells, laid out once for every page.
    let headerLayouts: [PangoLayout]

    init(table: ReportTable, left: Double, width: Double, maxCellLines: Int, typesetter: Typesetter, formatter: ValueFormatter? = nil) throws {
        let formatter = formatter ?? ReportLocalization.builtInEnglish.formatter(timeZone: .gmt)
        self.typesetter = typesetter
        var shown = table.columns.indices.filter { table.columns[$0].inHTML }
        if shown.isEmpty { shown = Array(table.columns.indices) }
        columnIndices = shown
        let columns = shown.map { table.columns[$0] }
        headerTitles = columns.map { c in
            if case .timestamp(local: false) = c.format { return c.title + " (" + formatter.localization.text("word.utc") + ")" }
            return c.title
        }
        numeric = columns.map { $0.format.isNumeric }
        formats = columns.map(\.format)

        // Minimum widths: a sample value for fixed formats, the title (up to 110 pt) for all.
        let pad = 2 * Self.padX
        var minimum: [Double] = []
        var flexible: [Double] = []
        for (c, title) in zip(columns, headerTitles) {
            let titleW = min(try typesetter.measure(title, PDFTheme.headerCell.with(maxLines: 1)).width, 110)
            let samples = Self.samples(c.format, formatter: formatter)
            if !samples.isEmpty {
                let valueW = try samples.map { try typesetter.measure($0, TextStyle(size: PDFTheme.cell.size, tabular: true, maxLines: 1)).width }.max() ?? 0
                minimum.append(max(valueW, titleW) + pad + 1)
                flexible.append(0)
            } else {
                minimum.append(max(titleW, 48) + pad)
                flexible.append(max(1, c.width ?? 20))
            }
        }
        var w = minimum
        let hasFlexible = flexible.contains { $0 > 0 }
        // Without a text column the table stays compact instead of spreading numbers over the page.
        let target = hasFlexible ? width : min(width, minimum.reduce(0, +) + 36 * Double(minimum.count))
        let spare = target - minimum.reduce(0, +)
        if spare >= 0 {
            let weights = hasFlexible ? flexible : minimum
            let total = weights.reduce(0, +)
            for i in w.indices { w[i] += spare * weights[i] / total }
        } else {
            let k = width / minimum.reduce(0, +)
            for i in w.indices { w[i] *= k }
        }
        widths = w
        var xs: [Double] = []
        var cursor = left
        for v in w { xs.append(cursor); cursor += v }
        x = xs

        lineHeight = try typesetter.lineHeight(PDFTheme.cell)
        let plainText = try typesetter.plainLine(PDFTheme.cell)
        let plainNumber = try typesetter.plainLine(TextStyle(size: PDFTheme.cell.size, tabular: true))
        plainLines = numeric.map { $0 ? plainNumber : plainText }
        plainTexts = [String?](repeating: nil, count: numeric.count)
        plainWidths = [Double](repeating: 0, count: numeric.count)
        var layouts: [PangoLayout] = []
        var shrunk: [PangoLayout?] = []
        var wraps: [Bool] = []
        for (i, isNumeric) in numeric.enumerated() {
            let wrap = !isNumeric && columns[i].format == .text && w[i] >= Self.narrowColumn && maxCellLines > 1
            var style = TextStyle(size: PDFTheme.cell.size, tabular: isNumeric, maxLines: wrap ? maxCellLines : 1,
                                  alignment: isNumeric ? .right : .left)
            if !wrap { style.maxLines = 1 }
            let layout = try typesetter.makeLayout(style)
            layout.setBox(width: max(1, w[i] - pad), maxLines: style.maxLines, singleParagraph: style.maxLines == 1)
            layouts.append(layout)
            wraps.append(wrap)
            if isNumeric {
                var small = style
                small.size = Self.shrunkSize
                let s = try typesetter.makeLayout(small)
                s.setBox(width: max(1, w[i] - pad), maxLines: 1, singleParagraph: true)
                shrunk.append(s)
            } else {
                shrunk.append(nil)
            }
        }
        cellLayouts = layouts
        shrunkLayouts = shrunk
        useShrunk = [Bool](repeating: false, count: layouts.count)
        self.wraps = wraps
        let probe = try typesetter.makeLayout(TextStyle(size: PDFTheme.cell.size))
        probe.setText("0")
        let probeSmall = try typesetter.makeLayout(TextStyle(size: Self.shrunkSize))
        probeSmall.setText("0")
        shrunkOffset = probe.baseline - probeSmall.baseline

        // The header cells are laid out once: every page of the table draws the same layouts.
        var headers: [PangoLayout] = []
        for (i, title) in headerTitles.enumerated() {
            let style = PDFTheme.headerCell.with(alignment: numeric[i] ? .right : .left)
            headers.append(try typesetter.preparedLayout(title, style, width: max(1, w[i] - pad)))
        }
        headerLayouts = headers
        headerHeight = (headers.map(\.size.height).max() ?? 0) + 2 * Self.padY + 1
    }

    /// Typical widest values of a fixed format (the column is as wide as the widest); none for text.
    static func samples(_ f: ValueFormat, formatter: ValueFormatter) -> [String] {
        let late = Date(timeIntervalSince1970: 1_793_404_740)  // 2026-10-31 23:59 UTC: two-digit day, month and hour
        switch f {
        case .text: return []
        case .integer: return [formatter.integer(1_234_567)]
        case .decimal(let p): return [formatter.decimal(123_456.888_888, places: min(p, 6))]
        case .percent(let p): return [formatter.percent(100.888_888, places: min(p, 6))]
        // Every pair of units a duration shows: "59 min, 59 sec" is wider than "23 hr, 59 min" in most languages.
        case .duration: return [formatter.duration(86_340), formatter.duration(3_599), formatter.duration(30 * 86_400 + 23 * 3_600)]
        case .timestamp(let local): return [formatter.text(.instant(late), .timestamp(local: local))]
        case .date: return [formatter.date(late)]
        }
    }

    /// Draws the header row at `y` (height `headerHeight`).
    func drawHeader(y: Double, fill: RGBColor, accent: RGBColor) throws {
        let cr = typesetter.cairo
        let left = x.first ?? 0, right = (x.last ?? 0) + (widths.last ?? 0)
        cr.fill(DrawingRect(x: left, y: y, width: right - left, height: headerHeight), fill)
        cr.line(left, y + headerHeight - 0.6, right, y + headerHeight - 0.6, accent, width: 1.2)
        cr.setColor(PDFTheme.body)
        for (i, l) in headerLayouts.enumerated() {
            l.draw(x: x[i] + Self.padX, y: y + headerHeight - 1 - Self.padY - l.size.height)
        }
    }
}
