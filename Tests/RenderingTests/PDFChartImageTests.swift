import Foundation
import Testing
@testable import Rendering

/// The e-mail chart PNG: a real PNG at twice the CSS size, deterministic, decodable.
@Suite struct PDFChartImageTests {
    static func ihdr(_ png: Data) -> (Int, Int)? { PDFLogo.pngSize(png) }

    @Test func headlineChartIsAPNGAtTwiceTheSize() throws {
        let doc = SampleReports.sla(hostile: false)
        let zone = try doc.timeZone()
        let daily = try doc.tables[1].chart!.chart(of: doc.tables[1], zone: zone)
        let png = try ChartImage.png(chart: daily, width: 600, height: 260, scale: 2, timeZone: zone, accent: "#0F766E")
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Self.ihdr(png).map { [$0.0, $0.1] } == [1200, 520])
        let decoded = try CairoSurface.decodePNG(png)
        #expect(decoded.pixelSize == (1200, 520))
        #expect(try ChartImage.png(chart: daily, width: 600, height: 260, scale: 2, timeZone: zone, accent: "#0F766E") == png)
        let empty = try ChartImage.png(chart: ReportChart(title: "none", unit: "%", series: []), width: 600, height: 260)
        #expect(empty != png && empty.count < png.count)
        let cpu = try ChartImage.png(chart: doc.charts[0], width: 600, height: 260, timeZone: zone)
        #expect(Self.ihdr(cpu).map { [$0.0, $0.1] } == [1200, 520])
    }

    @Test func badSizesAreRefused() {
        let chart = ReportChart(title: "x", unit: "", series: [])
        #expect(throws: RenderingError.self) { try ChartImage.png(chart: chart, width: 10, height: 260) }
        #expect(throws: RenderingError.self) { try ChartImage.png(chart: chart, width: 600, height: 260, scale: 9) }
    }
}

/// A chart with many series keeps a bounded legend.
@Suite struct PDFChartLegendTests {
    @Test func legendOfFortySeriesIsCapped() throws {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let series = (0..<40).map { i in
            ChartSeries(name: "series \(i)", points: (0..<10).map { ChartSeries.Point(x: t0.addingTimeInterval(Double($0) * 3600), y: Double(i + $0)) })
        }
        let chart = ReportChart(title: "many", unit: "n", series: series, referenceLines: [ChartReferenceLine(label: "target", value: 5)])
        let painter = ChartPainter(zone: TimeZone(identifier: "UTC")!, accent: RGBColor(hex: "#1f5fa8"), maxPoints: 400, metrics: .pdf)
        let entries = painter.legendEntries(chart)
        #expect(entries.count == ChartPainter.maxLegendEntries)
        #expect(entries.last?.name == "and 26 more")
        let png = try ChartImage.png(chart: chart, width: 400, height: 300)
        #expect(PDFLogo.pngSize(png).map { [$0.0, $0.1] } == [800, 600])
    }

    @Test func extremeValuesAndRangesDoNotBreakTheAxes() throws {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let points = [1e308, -1e308, 0, .nan, 5].enumerated().map { ChartSeries.Point(x: t0.addingTimeInterval(Double($0.offset) * 60), y: $0.element) }
        for range in [nil, 0...Double.infinity, 5...5, -Double.infinity...0] as [ClosedRange<Double>?] {
            for style in [ChartStyle.line, .bar] {
                let chart = ReportChart(title: "x", unit: "u", style: style, series: [ChartSeries(name: "s", points: points)],
                                        referenceLines: [ChartReferenceLine(label: "inf", value: .infinity)], yRange: range)
                let png = try ChartImage.png(chart: chart, width: 300, height: 150)
                #expect(PDFLogo.pngSize(png).map { [$0.0, $0.1] } == [600, 300])
            }
        }
    }
}
