import Foundation
import Testing
@testable import Rendering

/// The e-mail's headline chart: the first chart of the document with a value to draw.
@Suite("headline chart")
struct HeadlineChartTests {
    static func document(tables: [ReportTable], charts: [ReportChart] = []) -> ReportDocument {
        ReportDocument(title: "T", kind: "sla", definition: "d", tenant: ReportTenant(id: "i", slug: "s", name: "N", timeZoneID: "Europe/Berlin"),
                       period: .init(label: "2026-10", start: Date(timeIntervalSince1970: 1_790_000_000), end: Date(timeIntervalSince1970: 1_792_000_000)),
                       generatedAt: Date(timeIntervalSince1970: 1_792_000_000), tables: tables, charts: charts)
    }

    static let bySeverity = ReportTable(name: "by_severity", title: "By severity", columns: [ReportColumn("severity", "Severity", .text), ReportColumn("count", "Count", .integer)],
                                        rows: ReportRowSource([ReportRow([.text("high"), .integer(3)])]),
                                        chart: TableChart(title: "Alerts by severity", x: "severity", y: ["count"], unit: "alerts", style: .bar))

    static func daily(_ values: [Double?]) -> ReportTable {
        ReportTable(name: "daily", title: "Daily", columns: [ReportColumn("date", "Date", .date), ReportColumn("availability_pct", "Availability", .percent(places: 3))],
                    rows: ReportRowSource(values.enumerated().map { i, v in ReportRow([.date(ReportDate(year: 2026, month: 10, day: i + 1)), v.map { .number($0) } ?? .missing]) }),
                    chart: TableChart(title: "Daily availability", x: "date", y: ["availability_pct"], unit: "%",
                                      referenceLines: [ChartReferenceLine(label: "target", value: 99.9)]))
    }

    @Test func theFirstChartWithDataInTableOrderThenTheDocumentsCharts() throws {
        let own = ReportChart(title: "CPU, hourly", unit: "%", series: [ChartSeries(name: "CPU", points: [.init(x: Date(timeIntervalSince1970: 1_790_000_000), y: 5)])])
        // A chart over a text column draws nothing and is passed over; the dated one wins over the document's own.
        let chart = try #require(try Self.document(tables: [Self.bySeverity, Self.daily([99.5, nil, 100])], charts: [own]).headlineChart())
        #expect(chart.title == "Daily availability")
        #expect(chart.referenceLines.map(\.value) == [99.9])
        #expect(chart.series.first?.points.map(\.y) == [99.5, nil, 100])
        // Berlin midnight of 2026-10-01 is 2026-09-30T22:00Z (CEST, +2).
        #expect(chart.series.first?.points.first?.x == ISO8601DateFormatter().date(from: "2026-09-30T22:00:00Z"))
        #expect(try Self.document(tables: [Self.daily([nil, nil])], charts: [own]).headlineChart()?.title == "CPU, hourly")
        #expect(try Self.document(tables: [Self.bySeverity, Self.daily([nil])]).headlineChart() == nil, "no data: no picture")
    }
}
