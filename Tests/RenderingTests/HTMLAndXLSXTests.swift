import Foundation
import Testing
@testable import Rendering

@Suite struct HTMLAndXLSXTests {
    @Test func topNKeepsTheWorstRowsInOrderWithTiesStableAndMissingLast() throws {
        let values: [ReportValue] = [.number(99.9), .missing, .number(98), .number(99.9), .number(97), .text("n/a"), .number(98)]
        let rows = values.enumerated().map { ReportRow([.integer(Int64($0.offset)), $0.element]) }
        let table = ReportTable(name: "t", title: "T", columns: [ReportColumn("i", "I", .integer), ReportColumn("a", "A", .percent(places: 1))],
                                rows: ReportRowSource(rows), html: .top(4, by: "a", ascending: true))
        let s = try HTMLTableSelection.select(table)
        #expect(s.total == 7)
        #expect(s.rows.map { $0.values[0] } == [.integer(4), .integer(2), .integer(6), .integer(0)])
    }

    @Test func svgBreaksLinesAtGapsAndEscapesText() {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let points = (0..<10).map { ChartSeries.Point(x: t0.addingTimeInterval(Double($0) * 3600), y: $0 == 4 ? nil : Double($0)) }
        let chart = ReportChart(title: "<b>&", unit: "\"%\"", series: [ChartSeries(name: "s", points: points)])
        let svg = SVGChart(zone: TimeZone(identifier: "Asia/Kolkata")!, accent: "#123456", maxPoints: 400).render(chart)
        let paths = svg.matches(of: /<path d="([^"]*)"/).map { String($0.output.1) }.joined()
        #expect(paths.filter { $0 == "M" }.count == 2, "one move per gap-free run")
        #expect(svg.contains("aria-label=\"&lt;b&gt;&amp;\"") && svg.contains("&quot;%&quot;"))
        #expect(!svg.contains("<b>"))
    }

    @Test func missingTemplatesAreATemplateError() {
        #expect {
            _ = try HTMLRenderer(templatesDirectory: URL(fileURLWithPath: "/nonexistent/templates"))
        } throws: { ($0 as? RenderingError)?.code == .template }
    }

    @Test func xlsxWriteFailuresCarryTheLibxlsxwriterMessage() throws {
        let doc = SampleReports.sla(hostile: false, devices: 3)
        do {
            _ = try XLSXRenderer().render(doc, to: URL(fileURLWithPath: "/nonexistent-dir/x.xlsx"))
            Issue.record("writing into a missing directory succeeded")
        } catch let e as RenderingError {
            #expect(e.code == .xlsx)
            #expect(e.underlying is XLSXStatus, "\(e)")
        }
        do {
            _ = try XLSXRenderer().render(doc, to: URL(fileURLWithPath: "/dev/full"))
            Issue.record("writing to /dev/full succeeded")
        } catch let e as RenderingError {
            #expect(e.code == .xlsx || e.code == .io, "\(e)")
        }
        #expect(FileManager.default.fileExists(atPath: "/dev/full"))
    }

    @Test func unknownTimeZoneIsRejected() {
        var doc = SampleReports.sla(hostile: false, devices: 2)
        doc.tenant.timeZoneID = "Mars/Olympus"
        #expect(throws: RenderingError.self) { try doc.validate() }
    }
}
