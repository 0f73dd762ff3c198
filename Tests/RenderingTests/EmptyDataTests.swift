import Foundation
import Testing
@testable import Rendering

/// A tenant with no data still gets a valid report in every format: empty tables, empty charts, no crash.
@Suite struct EmptyDataTests {
    @Test func emptyTablesAndChartsRenderInAllFormats() throws {
        var doc = SampleReports.sla(hostile: false, devices: 0)
        doc.tables.append(ReportTable(name: "empty_chart_table", title: "Nothing here", columns: [
            ReportColumn("date", "Date", .date), ReportColumn("count", "Count", .integer),
        ], rows: ReportRowSource([]), html: .all, chart: TableChart(title: "Empty", x: "date", y: ["count"], unit: "n", style: .bar)))
        doc.charts = [ReportChart(title: "No samples", unit: "%", series: [ChartSeries(name: "CPU", points: [])]),
                      ReportChart(title: "Only gaps", unit: "%", series: [ChartSeries(name: "Disk", points: [ChartSeries.Point(x: Date(), y: nil)])])]
        let dir = try RenderValidationTests.tempDir("empty")
        let files = try ReportRenderer(templatesDirectory: RenderValidationTests.templates).render(doc, formats: [.html, .xlsx, .csv], to: dir)
        #expect(files.contains { $0.format == .xlsx && $0.bytes > 0 })
        #expect(files.contains { $0.format == .html && $0.bytes > 0 })
        let csv = try String(contentsOf: dir.appendingPathComponent("empty_chart_table.csv"), encoding: .utf8)
        #expect(csv == "date,count\r\n")
    }
}
