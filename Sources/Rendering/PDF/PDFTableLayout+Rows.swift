/// The rows of a table: laying out one row's cells (its height) and drawing it.
extension PDFTableLayout {
    /// Formats and lays out the cells of `row` and returns the row height. With `drawing`
    /// false only what the height depends on is laid out (wrapping text cells that may take
    /// more than one line); the height is the same either way. ASCII that fits is set by
    /// `plainLines`, everything else by pango.
    func layoutRow(_ row: ReportRow, text: inout HTMLValueText, drawing: Bool) -> Double {
        var h = lineHeight
        for (k, i) in columnIndices.enumerated() where drawing || wraps[k] {
            let value = i < row.values.count ? row.values[i] : .missing
            let t = LayoutText.clean(text.text(value, formats[k]), limit: typesetter.characterLimit)
            let inner = widths[k] - 2 * Self.padX
            let plain = plainLines[k].width(t)
            plainTexts[k] = nil
            if wraps[k] {
                // One line for sure (a margin for the kerning pango may add): no shaping needed.
                if let w = plain, w * 1.03 + 1 < inner {
                    plainTexts[k] = t
                    plainWidths[k] = w
                } else {
                    cellLayouts[k].setText(t)
                    h = max(h, cellLayouts[k].size.height)
                }
            } else if let w = plain, w <= inner {
                plainTexts[k] = t
                plainWidths[k] = w
            } else {
                cellLayouts[k].setText(t)
                if let small = shrunkLayouts[k] {
                    useShrunk[k] = cellLayouts[k].isEllipsized
                    if useShrunk[k] { small.setText(t) }
                }
            }
        }
        return h + 2 * Self.padY
    }

    /// Draws the row laid out by the last `layoutRow` at `y` with height `height`. Text set by
    /// pango is clipped to the row (marks and tall scripts stay inside); plain ASCII was
    /// measured to fit and needs no clip.
    func drawRow(y: Double, height: Double, breached: Bool) {
        let cr = typesetter.cairo
        let left = x.first ?? 0, right = (x.last ?? 0) + (widths.last ?? 0)
        let rect = DrawingRect(x: left, y: y, width: right - left, height: height)
        if breached {
            cr.fill(rect, PDFTheme.breachedFill)
            cr.fill(DrawingRect(x: left, y: y, width: 2.2, height: height), PDFTheme.breachedMark)
        }
        cr.line(left, y + height - 0.3, right, y + height - 0.3, PDFTheme.rowRule, width: 0.6)
        let clipped = plainTexts.contains { $0 == nil }
        if clipped {
            cr.save()
            cr.rectangle(rect)
            cr.clip()
        }
        cr.setColor(breached ? PDFTheme.breachedText : PDFTheme.body)
        for i in cellLayouts.indices {
            if let t = plainTexts[i] {
                let left = x[i] + Self.padX
                let px = numeric[i] ? left + widths[i] - 2 * Self.padX - plainWidths[i] : left
                plainLines[i].append(t, x: px, top: y + Self.padY, to: plainBatch)
            } else if useShrunk[i], let small = shrunkLayouts[i] {
                small.draw(x: x[i] + Self.padX, y: y + Self.padY + shrunkOffset)
            } else {
                cellLayouts[i].draw(x: x[i] + Self.padX, y: y + Self.padY)
            }
        }
        plainBatch.draw(on: cr)
        if clipped { cr.restore() }
    }
}
