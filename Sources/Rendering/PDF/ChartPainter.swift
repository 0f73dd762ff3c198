import Foundation

/// Draws a `ReportChart` as vectors into a rectangle of a cairo context: the PDF's charts and
/// the e-mail PNG use this one painter.
///
/// It follows the HTML chart: series downsampled with gap-aware LTTB to `maxPoints` each, gaps
/// drawn as breaks (a lone point as a dot), "nice" value ticks with the unit above them,
/// local-time calendar ticks on the x axis, reference lines dashed red, first series in the
/// tenant's accent colour, the HTML palette after it, and the legend under the plot.
struct ChartPainter {
    /// Sizes in user units; `unit` scales line widths and gaps.
    struct Metrics {
        var fontSize: Double
        var unit: Double
        var legendTop: Double

        static let pdf = Metrics(fontSize: 7.5, unit: 0.8, legendTop: 6)
        static let image = Metrics(fontSize: 11, unit: 1, legendTop: 8)
    }

    static let referenceColor = RGBColor(hex: "#dc2626")
    static let labelColor = RGBColor(hex: "#4b5563")
    static let gridColor = RGBColor(hex: "#e5e7eb")
    static let axisColor = RGBColor(hex: "#9ca3af")

    let zone: TimeZone
    let accent: RGBColor
    let maxPoints: Int
    let metrics: Metrics
    /// The report's number and date formats and words (nil: en-US, built-in English).
    var formatter: ValueFormatter? = nil

    var words: ValueFormatter { formatter ?? ReportLocalization.builtInEnglish.formatter(timeZone: zone) }

    func color(_ index: Int) -> RGBColor {
        index == 0 ? accent : RGBColor(hex: SVGChart.palette[(index - 1) % SVGChart.palette.count])
    }

    /// Draws the plot and, under it, the legend, inside `rect`.
    func draw(_ chart: ReportChart, in rect: DrawingRect, typesetter: Typesetter) throws {
        let legendH = try legendHeight(chart, width: rect.width, typesetter: typesetter)
        let plot = DrawingRect(x: rect.x, y: rect.y, width: rect.width, height: max(40, rect.height - legendH))
        try drawPlot(chart, in: plot, typesetter: typesetter)
        if legendH > 0 { try drawLegend(chart, x: rect.x, y: plot.maxY, width: rect.width, typesetter: typesetter) }
        try typesetter.cairo.check("drawing the chart \"\(chart.title.prefix(60))\"")
    }

    private func drawPlot(_ chart: ReportChart, in rect: DrawingRect, typesetter: Typesetter) throws {
        let cr = typesetter.cairo
        let label = TextStyle(size: metrics.fontSize, tabular: true, maxLines: 1)
        let series = chart.series.map { ChartSeriesSampler.sample($0, maxPoints: maxPoints) }
        let xs = series.flatMap { $0.segments.flatMap { $0.map(\.x) } }
        var ys = series.flatMap { $0.segments.flatMap { $0.map(\.y) } }
        ys += chart.referenceLines.map(\.value).filter(\.isFinite)
        if chart.style == .bar { ys.append(0) }
        // A y range with an infinite end is ignored (the data decides).
        let range = chart.yRange.flatMap { $0.lowerBound.isFinite && $0.upperBound.isFinite ? $0 : nil }
        // Ticks need a finite span: values beyond ±1e15 are drawn at the edge of the plot.
        let limit = 1e15
        let lo = max(-limit, min(limit, range?.lowerBound ?? ys.min() ?? 0))
        let hi = max(-limit, min(limit, range?.upperBound ?? ys.max() ?? 1))
        let tickCount = rect.height < 120 ? 3 : (rect.height < 200 ? 4 : 5)
        let (ticks, places) = ChartAxes.valueTicks(lo, hi, count: tickCount)
        guard let x0 = xs.min(), let x1 = xs.max(), let firstTick = ticks.first, let lastTick = ticks.last else {
            let style = TextStyle(size: metrics.fontSize * 1.25, maxLines: 1, alignment: .center)
            let h = try typesetter.lineHeight(style)
            cr.setDash([])
            cr.line(rect.x, rect.maxY - 0.5, rect.maxX, rect.maxY - 0.5, Self.gridColor, width: 1 * metrics.unit)
            try typesetter.draw(words.localization.text("chart.no_data"), style, x: rect.x, y: rect.y + (rect.height - h) / 2,
                                width: rect.width, color: RGBColor(hex: "#6b7280"))
            return
        }
        let yLo = range == nil ? firstTick : lo, yHi = range == nil ? lastTick : hi
        let numbers = words
        let tickLabels = ticks.map { numbers.decimal($0, places: places) }
        var labelW = 0.0
        for t in tickLabels { labelW = max(labelW, try typesetter.measure(t, label).width) }
        let lineH = try typesetter.lineHeight(label)
        let left = rect.x + labelW + 8 * metrics.unit
        let right = rect.maxX - 6 * metrics.unit
        let top = rect.y + lineH + 6 * metrics.unit
        let bottom = rect.maxY - lineH - 8 * metrics.unit
        let plotW = max(10, right - left), plotH = max(10, bottom - top)
        let maxCount = series.map(\.pointCount).max() ?? 1
        let barSlot = chart.style == .bar ? plotW / Double(max(maxCount, 1)) : 0
        let xPad = barSlot / 2
        let xSpan = max(x1 - x0, 1)
        func px(_ t: Double) -> Double { left + xPad + (t - x0) / xSpan * (plotW - 2 * xPad) }
        func py(_ v: Double) -> Double { top + plotH - (min(max(v, yLo), yHi) - yLo) / max(yHi - yLo, 1e-12) * plotH }

        // Grid, value labels, unit.
        cr.setDash([])
        cr.setButtCaps()
        for (t, text) in zip(ticks, tickLabels) where t >= yLo - 1e-9 && t <= yHi + 1e-9 {
            let y = py(t)
            cr.line(left, y, right, y, Self.gridColor, width: 0.8 * metrics.unit)
            try typesetter.draw(text, label.with(alignment: .right), x: rect.x, y: y - lineH / 2, width: labelW, color: Self.labelColor)
        }
        if !chart.unit.isEmpty {
            let unitStyle = TextStyle(size: metrics.fontSize, bold: true, maxLines: 1)
            try typesetter.draw(chart.unit, unitStyle, x: rect.x, y: rect.y, width: max(labelW, plotW / 2), color: Self.labelColor)
        }

        // X axis with local-time ticks; a label that would overlap the previous one is left out.
        cr.line(left, bottom, right, bottom, Self.axisColor, width: 0.8 * metrics.unit)
        let maxTicks = max(2, min(8, Int(plotW / (70 * metrics.unit))))
        let timeTicks = ChartAxes.timeTicks(from: Date(timeIntervalSince1970: x0), to: Date(timeIntervalSince1970: x1),
                                            zone: zone, maxTicks: maxTicks, formatter: numbers)
        var lastLabelEnd = -Double.infinity
        for (date, text) in timeTicks {
            let x = px(date.timeIntervalSince1970)
            cr.line(x, bottom, x, bottom + 4 * metrics.unit, Self.axisColor, width: 0.8 * metrics.unit)
            let w = try typesetter.measure(text, label).width
            let start = min(max(x - w / 2, left - labelW), rect.maxX - w)
            guard start > lastLabelEnd + 4 * metrics.unit else { continue }
            try typesetter.draw(text, label, x: start, y: bottom + 6 * metrics.unit, width: w + 1, color: Self.labelColor)
            lastLabelEnd = start + w
        }

        // Data, clipped to the plot area.
        cr.save()
        cr.rectangle(DrawingRect(x: left - 3, y: top - 3, width: plotW + 6, height: plotH + 6))
        cr.clip()
        for (si, s) in series.enumerated() {
            let c = color(si)
            if chart.style == .bar {
                let groupW = barSlot * 0.75
                let w = groupW / Double(max(series.count, 1))
                let base = py(max(yLo, min(0, yHi)))
                cr.setColor(c)
                for p in s.segments.joined() {
                    let x = px(p.x) - groupW / 2 + Double(si) * w
                    let y1 = py(p.y)
                    cr.rectangle(DrawingRect(x: x, y: min(base, y1), width: max(w - 0.8 * metrics.unit, 0.8), height: max(abs(base - y1), 0.5)))
                }
                cr.fill()
                continue
            }
            cr.setColor(c)
            cr.setLineWidth(1.8 * metrics.unit)
            cr.setRoundCaps()
            for seg in s.segments where seg.count > 1 {
                cr.moveTo(px(seg[0].x), py(seg[0].y))
                for p in seg.dropFirst() { cr.lineTo(px(p.x), py(p.y)) }
            }
            cr.stroke()
            for seg in s.segments where seg.count == 1 { cr.circle(px(seg[0].x), py(seg[0].y), radius: 2.4 * metrics.unit) }
            cr.fill()
        }
        cr.restore()

        // Reference lines (the labels are in the legend, so the line stays unobstructed).
        cr.setButtCaps()
        cr.setDash([5 * metrics.unit, 3.5 * metrics.unit])
        for r in chart.referenceLines where r.value >= yLo && r.value <= yHi {
            let y = py(r.value)
            cr.line(left, y, right, y, Self.referenceColor, width: 1.3 * metrics.unit)
        }
        cr.setDash([])
    }
}
