/// One chart block: the title and the chart with its legend, kept together on one page.
/// A chart shrinks (down to `minChartHeight`) to use the rest of a page before it moves on.
extension PDFComposer {
    static let chartHeight = 185.0
    static let minChartHeight = 140.0

    func drawChart(_ chart: ReportChart) throws {
        let painter = ChartPainter(zone: content.zone, accent: content.accent, maxPoints: options.maxChartPoints, metrics: .pdf,
                                   formatter: content.formatter)
        let titleH = try height(chart.title, PDFTheme.h2)
        let legendH = try painter.legendHeight(chart, width: flow.width, typesetter: typesetter)
        let room = flow.bottom - flow.y - titleH - 6 - legendH
        var plotH = Self.chartHeight
        if room < plotH {
            if room >= Self.minChartHeight { plotH = room } else { try flow.ensure(titleH + 6 + plotH + legendH) }
        }
        _ = try flow.bookmark(chart.title)
        try heading(chart.title)
        flow.y += 6
        if flow.drawing {
            try painter.draw(chart, in: DrawingRect(x: flow.left, y: flow.y, width: flow.width, height: plotH + legendH),
                             typesetter: typesetter)
        }
        flow.y += plotH + legendH + PDFTheme.sectionGap
    }
}
