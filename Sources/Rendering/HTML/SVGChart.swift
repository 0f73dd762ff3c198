import Foundation

/// Draws a `ReportChart` as inline SVG: axes, local-time x labels, unit, gaps for nil, reference lines.
///
/// Output is deterministic (fixed one-decimal coordinates, no ids) and every text node is
/// escaped. The SVG scales to its container (`width="100%"`, `viewBox`).
struct SVGChart {
    static let palette = ["#e07b00", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d4ac0d"]
    let zone: TimeZone
    let accent: String
    let maxPoints: Int
    /// The report's number and date formats and words (nil: en-US, built-in English).
    var formatter: ValueFormatter?
    /// Wide (desktop, 720 x 270) or narrow (phones, 400 x 290 with larger text and fewer ticks).
    var narrow = false

    var width: Double { narrow ? 400 : 720 }
    var height: Double { narrow ? 290 : 270 }
    /// Left margin, widened by `render` to fit the longest y label.
    var left: Double { narrow ? 50 : 60 }
    var right: Double { narrow ? 14 : 18 }
    let top = 26.0, bottom = 34.0
    var fontSize: Int { narrow ? 14 : 12 }

    func color(_ index: Int) -> String { index == 0 ? accent : Self.palette[(index - 1) % Self.palette.count] }

    private func f(_ v: Double) -> String { NumberText.fixed(v, places: 1) }

    func render(_ chart: ReportChart) -> String {
        let words = formatter ?? ReportLocalization.builtInEnglish.formatter(timeZone: zone)
        let series = chart.series.map { $0.downsampled(to: narrow ? min(maxPoints, 200) : maxPoints) }
        let xs = series.flatMap { $0.points.map { $0.x.timeIntervalSince1970 } }
        var ys = series.flatMap { $0.points.compactMap { $0.y }.filter { $0.isFinite } }
        let title = Markup.escape(chart.title)
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"\(title)\" style=\"display:block;max-width:100%;height:auto;font-family:Arial,Helvetica,sans-serif\">"
        guard let x0 = xs.min(), let x1 = xs.max(), !ys.isEmpty else {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\" font-size=\"14\" fill=\"#6b7280\">\(Markup.escape(words.localization.text("chart.no_data")))</text></svg>"
            return svg
        }
        ys += chart.referenceLines.map(\.value)
        if chart.style == .bar { ys.append(0) }
        let (ticks, places) = ChartAxes.valueTicks(chart.yRange?.lowerBound ?? ys.min()!, chart.yRange?.upperBound ?? ys.max()!, count: narrow ? 4 : 5)
        let yLo = chart.yRange?.lowerBound ?? ticks.first!, yHi = chart.yRange?.upperBound ?? ticks.last!
        let longestLabel = ticks.map { words.decimal($0, places: places).count }.max() ?? 3
        let left = max(self.left, Double(longestLabel) * Double(fontSize) * 0.62 + 14)
        let plotW = width - left - right, plotH = height - top - bottom
        let barSlot = chart.style == .bar ? plotW / Double(max(series.map(\.points.count).max() ?? 1, 1)) : 0
        let xPad = barSlot / 2
        let xSpan = max(x1 - x0, 1)
        func px(_ t: Double) -> Double { left + xPad + (t - x0) / xSpan * (plotW - 2 * xPad) }
        func py(_ v: Double) -> Double { top + plotH - (min(max(v, yLo), yHi) - yLo) / max(yHi - yLo, 1e-12) * plotH }

        // Grid and y labels.
        svg += "<g font-size=\"\(fontSize)\" fill=\"#4b5563\">"
        for t in ticks where t >= yLo - 1e-9 && t <= yHi + 1e-9 {
            let y = f(py(t))
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#e5e7eb\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(f(left - 8))\" y=\"\(y)\" dy=\"4\" text-anchor=\"end\">\(Markup.escape(words.decimal(t, places: places)))</text>"
        }
        if !chart.unit.isEmpty {
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(top - 12))\" text-anchor=\"end\" font-weight=\"bold\">\(Markup.escape(chart.unit))</text>"
        }
        // X axis and local-time labels.
        svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH))\" stroke=\"#9ca3af\" stroke-width=\"1\"/>"
        let timeTicks = ChartAxes.timeTicks(from: Date(timeIntervalSince1970: x0), to: Date(timeIntervalSince1970: x1), zone: zone, maxTicks: narrow ? 4 : 8, formatter: words)
        for (i, (date, label)) in timeTicks.enumerated() {
            let x = px(date.timeIntervalSince1970)
            let anchor = timeTicks.count > 1 && i == 0 && x - left < 20 ? "start" : (x > width - right - 20 ? "end" : "middle")
            svg += "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(top + plotH))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#9ca3af\"/>"
            svg += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 20))\" text-anchor=\"\(anchor)\">\(Markup.escape(label))</text>"
        }
        svg += "</g>"

        // Data.
        for (si, s) in series.enumerated() {
            let c = color(si)
            if chart.style == .bar {
                let groupW = barSlot * 0.75
                let w = groupW / Double(max(series.count, 1))
                svg += "<g fill=\"\(c)\">"
                for p in s.points {
                    guard let v = p.y, v.isFinite else { continue }
                    let x = px(p.x.timeIntervalSince1970) - groupW / 2 + Double(si) * w
                    let y0 = py(max(yLo, min(0, yHi))), y1 = py(v)
                    svg += "<rect x=\"\(f(x))\" y=\"\(f(min(y0, y1)))\" width=\"\(f(max(w - 1, 1)))\" height=\"\(f(max(abs(y0 - y1), 0.5)))\"/>"
                }
                svg += "</g>"
                continue
            }
            var path = ""
            var run: [(Double, Double)] = []
            var dots: [(Double, Double)] = []
            func flush() {
                if run.count == 1 { dots.append(run[0]) }
                else if run.count > 1 {
                    path += "M" + run.map { "\(f($0.0)) \(f($0.1))" }.joined(separator: "L")
                }
                run = []
            }
            for p in s.points {
                if let v = p.y, v.isFinite { run.append((px(p.x.timeIntervalSince1970), py(v))) } else { flush() }
            }
            flush()
            if !path.isEmpty {
                svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2.2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>"
            }
            for d in dots { svg += "<circle cx=\"\(f(d.0))\" cy=\"\(f(d.1))\" r=\"2.8\" fill=\"\(c)\"/>" }
        }

        // Reference lines (e.g. SLA target).
        for r in chart.referenceLines where r.value >= yLo && r.value <= yHi {
            let y = f(py(r.value))
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#dc2626\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
            // The label is in the legend under the chart, so the line stays unobstructed.
        }
        svg += "</svg>"
        return svg
    }
}
