/// The KPI cards: a grid of four per row (three on narrow paper), each with a status bar in
/// the HTML's status colours, the label, the value, the status and the hint.
extension PDFComposer {
    private static let label = TextStyle(size: 7.5, maxLines: 2)
    private static let value = TextStyle(size: 14, bold: true, tabular: true, maxLines: 1)
    private static let status = TextStyle(size: 7.5, bold: true, maxLines: 1)
    private static let hint = TextStyle(size: 7, maxLines: 2)

    func drawKPIs() throws {
        guard !content.kpis.isEmpty else { return }
        let perRow = flow.width >= 480 ? 4 : 3
        let gap = 8.0, pad = 7.0, bar = 3.0
        let cardW = (flow.width - gap * Double(perRow - 1)) / Double(perRow)
        let innerW = cardW - 2 * pad - bar
        let keyFigures = content.words.text("pdf.key_figures")
        let headingH = try height(keyFigures.uppercased(with: content.words.locale.foundation), PDFTheme.eyebrow)
        let rows = stride(from: 0, to: content.kpis.count, by: perRow).map { Array(content.kpis[$0..<min($0 + perRow, content.kpis.count)]) }
        for (r, cards) in rows.enumerated() {
            var cardH = 0.0
            for card in cards { cardH = max(cardH, try cardHeight(card, width: innerW)) }
            cardH += 2 * pad
            try flow.ensure((r == 0 ? headingH + 6 : 0) + cardH)
            if r == 0 {
                _ = try flow.bookmark(keyFigures)
                try heading(keyFigures.uppercased(with: content.words.locale.foundation), style: PDFTheme.eyebrow, color: PDFTheme.muted)
                flow.y += 6
            }
            if flow.drawing {
                for (i, card) in cards.enumerated() {
                    let x = flow.left + Double(i) * (cardW + gap)
                    try drawCard(card, rect: DrawingRect(x: x, y: flow.y, width: cardW, height: cardH), pad: pad, bar: bar)
                }
            }
            flow.y += cardH + gap
        }
        flow.y += PDFTheme.sectionGap - gap
    }

    private func cardHeight(_ card: PDFContent.KPICard, width: Double) throws -> Double {
        var h = try height(card.label, Self.label, width: width) + 2 + (try typesetter.lineHeight(Self.value))
        if let s = card.status { h += 1 + (try height(s, Self.status, width: width)) }
        if let hint = card.hint { h += 1 + (try height(hint, Self.hint, width: width)) }
        return h
    }

    private func drawCard(_ card: PDFContent.KPICard, rect: DrawingRect, pad: Double, bar: Double) throws {
        cairo.roundedRectangle(rect, radius: 4)
        cairo.setColor(PDFTheme.cardFill)
        cairo.fillPreserve()
        cairo.setColor(PDFTheme.rule)
        cairo.setLineWidth(0.6)
        cairo.stroke()
        cairo.save()
        cairo.roundedRectangle(rect, radius: 4)
        cairo.clip()
        cairo.fill(DrawingRect(x: rect.x, y: rect.y, width: bar, height: rect.height), card.color)
        let x = rect.x + bar + pad, w = rect.width - bar - 2 * pad
        var y = rect.y + pad
        y += try typesetter.draw(card.label, Self.label, x: x, y: y, width: w, color: PDFTheme.muted) + 2
        y += try typesetter.draw(card.value, Self.value, x: x, y: y, width: w, color: PDFTheme.ink)
        if let s = card.status { y += 1 + (try typesetter.draw(s, Self.status, x: x, y: y + 1, width: w, color: card.color)) }
        if let hint = card.hint { _ = try typesetter.draw(hint, Self.hint, x: x, y: y + 1, width: w, color: PDFTheme.muted) }
        cairo.restore()
    }
}
