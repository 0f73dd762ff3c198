/// The notes box: one paragraph per note on a pale amber background; it may break between notes.
extension PDFComposer {
    func drawNotes() throws {
        let notes = content.document.notes.filter { !$0.isEmpty }
        guard !notes.isEmpty else { return }
        let pad = 8.0, innerW = flow.width - 2 * pad - 3
        let title = TextStyle(size: 8.5, bold: true, maxLines: 1)
        let notesTitle = content.words.text("pdf.notes")
        let titleH = try height(notesTitle, title)
        var first = true
        for (i, note) in notes.enumerated() {
            let h = try height(note, PDFTheme.noteStyle, width: innerW)
            let itemH = (first ? pad + titleH + 3 : 0) + h + 3 + (i == notes.count - 1 ? pad - 3 : 0)
            try flow.ensure(itemH)
            if first { _ = try flow.bookmark(notesTitle) }
            if flow.drawing {
                let rect = DrawingRect(x: flow.left, y: flow.y, width: flow.width, height: itemH)
                cairo.fill(rect, PDFTheme.noteFill)
                cairo.fill(DrawingRect(x: rect.x, y: rect.y, width: 3, height: itemH), PDFTheme.noteMark)
                var y = flow.y + (first ? pad : 0)
                if first {
                    try typesetter.draw(notesTitle, title, x: rect.x + 3 + pad, y: y, width: innerW, color: PDFTheme.noteText)
                    y += titleH + 3
                }
                try typesetter.draw(note, PDFTheme.noteStyle, x: rect.x + 3 + pad, y: y, width: innerW, color: PDFTheme.noteText)
            }
            flow.y += itemH
            first = false
        }
        flow.y += PDFTheme.sectionGap
    }
}
