/// One table: title, selection note, header, rows, caption. It breaks between rows; each
/// continuation page repeats the title (marked "continued") and the header row.
extension PDFComposer {
    private static let continued = TextStyle(size: 8.5, bold: true, maxLines: 1)

    /// Draws `rows` (nil: every row of the table's source, streamed) of `table`.
    func drawTable(_ table: ReportTable, rows: [ReportRow]?, title: String, note: String?, parent: Int32) throws {
        let layout = try PDFTableLayout(table: table, left: flow.left, width: flow.width,
                                        maxCellLines: options.maxCellLines, typesetter: typesetter, formatter: content.formatter)
        let titleH = try height(title, PDFTheme.h2)
        let noteH = try note.map { try height($0, PDFTheme.small) + 2 } ?? 0
        let captionText = table.caption.flatMap { $0.isEmpty ? nil : $0 }
        let captionH = try captionText.map { try height($0, PDFTheme.small) + 5 } ?? 0
        var source: any ReportRowIterator = try rows.map { ArrayRowIterator(rows: $0) } ?? table.rows.makeIterator()

        func head() throws {
            _ = try flow.bookmark(title, parent: parent)
            try heading(title)
            flow.y += 4
            if let note {
                if flow.drawing { try typesetter.draw(note, PDFTheme.small, x: flow.left, y: flow.y, width: flow.width, color: PDFTheme.muted) }
                flow.y += noteH
            }
        }

        var next = try source.nextRow(table: table.name)
        if next == nil {
            let emptyH = try height(content.words.text("pdf.empty_table"), PDFTheme.small) + 6
            try flow.ensure(titleH + 4 + noteH + emptyH + captionH)
            try head()
            if flow.drawing {
                try typesetter.draw(content.words.text("pdf.empty_table"), PDFTheme.small, x: flow.left, y: flow.y + 3, width: flow.width, color: PDFTheme.muted)
            }
            flow.y += emptyH
        }
        var count = 0
        while let row = next {
            let h = layout.layoutRow(row, text: &text, drawing: flow.drawing)
            if count == 0 {
                try flow.ensure(titleH + 4 + noteH + layout.headerHeight + h)
                try head()
                try header(layout)
            } else if !flow.fits(h) {
                try flow.newPage()
                let t = LayoutText.isolated(title) + " " + content.words.text("word.continued")
                if flow.drawing { try typesetter.draw(t, Self.continued, x: flow.left, y: flow.y, width: flow.width, color: PDFTheme.muted) }
                flow.y += try typesetter.lineHeight(Self.continued) + 3
                try header(layout)
            }
            if flow.drawing { layout.drawRow(y: flow.y, height: h, breached: row.breached) }
            flow.y += h
            count += 1
            next = try source.nextRow(table: table.name)
        }
        if let captionText {
            try flow.ensure(captionH)
            if flow.drawing {
                try typesetter.draw(captionText, PDFTheme.small, x: flow.left, y: flow.y + 5, width: flow.width, color: PDFTheme.muted)
            }
            flow.y += captionH
        }
        flow.y += PDFTheme.sectionGap
        try cairo.check("drawing the table \(table.name)")
    }

    private func header(_ layout: PDFTableLayout) throws {
        if flow.drawing { try layout.drawHeader(y: flow.y, fill: content.accentSoft, accent: content.accent) }
        flow.y += layout.headerHeight
    }
}
