import Foundation

/// Lays out (measure pass) or draws (draw pass) the whole document into a `PDFPageFlow`.
///
/// Order: title band, KPI cards, charts, the tables as the HTML selects them, notes, then the
/// appendix with the full tables. Both passes run this same code, so the page breaks of the
/// draw pass are those the measure pass counted.
final class PDFComposer {
    let content: PDFContent
    let options: PDFOptions
    let flow: PDFPageFlow
    var text: HTMLValueText

    init(content: PDFContent, options: PDFOptions, flow: PDFPageFlow) {
        self.content = content
        self.options = options
        self.flow = flow
        self.text = content.valueText()
    }

    var typesetter: Typesetter { flow.typesetter }
    var cairo: CairoContext { flow.cairo }

    func compose() throws {
        try drawTitleBand()
        try drawKPIs()
        for chart in content.charts { try drawChart(chart) }
        for body in content.bodyTables {
            try drawTable(body.table, rows: body.rows, title: body.table.title, note: body.note, parent: CairoSurface.outlineRoot)
        }
        try drawNotes()
        if !content.appendixTables.isEmpty { try drawAppendix() }
        try flow.finish()
        try cairo.check("drawing page \(flow.page)")
    }

    /// A block heading (h2) at the cursor; returns nothing, advances the cursor.
    func heading(_ title: String, style: TextStyle = PDFTheme.h2, color: RGBColor = PDFTheme.ink) throws {
        let h = try typesetter.measure(title, style, width: flow.width).height
        if flow.drawing { try typesetter.draw(title, style, x: flow.left, y: flow.y, width: flow.width, color: color) }
        flow.y += h
    }

    /// Height of `text` in `style` across the content width.
    func height(_ text: String, _ style: TextStyle, width: Double? = nil) throws -> Double {
        try typesetter.measure(text, style, width: width ?? flow.width).height
    }

    private func drawAppendix() throws {
        try flow.newPage()
        let title = content.words.text("pdf.appendix")
        let parent = try flow.bookmark(title, open: true)
        try heading(title, style: TextStyle(size: 15, bold: true, maxLines: 1))
        flow.y += 2
        let intro = content.words.text("pdf.appendix_intro")
        if flow.drawing { try typesetter.draw(intro, PDFTheme.small, x: flow.left, y: flow.y, width: flow.width, color: PDFTheme.muted) }
        flow.y += try height(intro, PDFTheme.small) + PDFTheme.sectionGap - 4
        for table in content.appendixTables {
            try drawTable(table, rows: nil, title: table.title, note: nil, parent: parent)
        }
    }
}
