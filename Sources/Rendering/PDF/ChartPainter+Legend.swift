/// The legend under a chart: one swatch per series (when there are several) and one dashed
/// swatch per reference line, flowing into rows.
extension ChartPainter {
    struct LegendEntry {
        var name: String
        var color: RGBColor
        var dashed: Bool
    }

    /// Entries beyond this many are summed up in a last "and N more" entry, so the legend stays small.
    static let maxLegendEntries = 16

    func legendEntries(_ chart: ReportChart) -> [LegendEntry] {
        var entries: [LegendEntry] = []
        if chart.series.count > 1 {
            for (i, s) in chart.series.enumerated() { entries.append(LegendEntry(name: s.name, color: color(i), dashed: false)) }
        }
        for r in chart.referenceLines { entries.append(LegendEntry(name: r.label, color: Self.referenceColor, dashed: true)) }
        guard entries.count > Self.maxLegendEntries else { return entries }
        let more = entries.count - (Self.maxLegendEntries - 1)
        return Array(entries.prefix(Self.maxLegendEntries - 1)) + [LegendEntry(name: words.localization.text("pdf.legend_more", ["count": words.integer(Int64(more))]), color: .white, dashed: false)]
    }

    /// The height the legend of `chart` takes at `width` (0 without entries).
    func legendHeight(_ chart: ReportChart, width: Double, typesetter: Typesetter) throws -> Double {
        try layoutLegend(chart, width: width, typesetter: typesetter).height
    }

    /// Draws the legend with its top-left corner at (x, y).
    func drawLegend(_ chart: ReportChart, x: Double, y: Double, width: Double, typesetter: Typesetter) throws {
        let placed = try layoutLegend(chart, width: width, typesetter: typesetter).items
        let cr = typesetter.cairo
        let lineH = try typesetter.lineHeight(legendStyle)
        for item in placed {
            let midY = y + item.y + lineH / 2
            cr.setDash(item.entry.dashed ? [4 * metrics.unit, 3 * metrics.unit] : [])
            cr.setButtCaps()
            cr.line(x + item.x, midY, x + item.x + swatch, midY, item.entry.color, width: 2.2 * metrics.unit)
            cr.setDash([])
            try typesetter.draw(item.entry.name, legendStyle, x: x + item.x + swatch + 4 * metrics.unit, y: y + item.y,
                                width: item.textWidth, color: Self.labelColor)
        }
    }

    private var swatch: Double { 14 * metrics.unit }
    private var legendStyle: TextStyle { TextStyle(size: metrics.fontSize, maxLines: 1) }

    private func layoutLegend(_ chart: ReportChart, width: Double, typesetter: Typesetter)
        throws -> (height: Double, items: [(entry: LegendEntry, x: Double, y: Double, textWidth: Double)]) {
        let entries = legendEntries(chart)
        guard !entries.isEmpty else { return (0, []) }
        let lineH = try typesetter.lineHeight(legendStyle)
        let gap = 14 * metrics.unit, rowGap = 3 * metrics.unit
        var items: [(entry: LegendEntry, x: Double, y: Double, textWidth: Double)] = []
        var x = 0.0, y = metrics.legendTop
        for e in entries {
            let maxText = max(20, width - swatch - 4 * metrics.unit)
            let textW = min(try typesetter.measure(e.name, legendStyle).width, maxText)
            let itemW = swatch + 4 * metrics.unit + textW
            if x > 0 && x + itemW > width { x = 0; y += lineH + rowGap }
            items.append((e, x, y, textW + 1))
            x += itemW + gap
        }
        return (y + lineH, items)
    }
}
