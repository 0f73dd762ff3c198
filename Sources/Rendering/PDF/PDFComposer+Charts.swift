/// One chart block: the title and the chart with its legend, kept together on one page.
extension PDFComposer {
    static let chartHeight = 185.0

    func drawChart(_ chart: ReportChart) throws {
        let painter = ChartPainter(zone: content.zone, accent: content.accent, maxPoints: options.maxChartPoints, metrics: .pdf)
        let titleH = try height(chart.title, PDFTheme.h2)
        let legendH = try painter.legendHeight(chart, width: flow.width, typesetter: typesetter)
        try flow.ensure(titleH + 6 + Self.chartHeight + legendH)
        _ = try flow.bookmark(chart.title)
        try heading(chart.title)
        flow.y += 6
        if flow.drawing {
            try painter.draw(chart, in: DrawingRect(x: flow.left, y: flow.y, width: flow.width, height: Self.chartHeight + legendH),
                             typesetter: typesetter)
        }
        flow.y += Self.chartHeight + legendH + PDFTheme.sectionGap
    }
}
