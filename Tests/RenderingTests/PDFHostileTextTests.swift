import Foundation
import Testing
@testable import Rendering

/// Hostile text in the PDF: huge names, bidi overrides, Arabic, CJK, emoji, U+FFFD, control
/// characters, empty tables and a tenant without devices. Nothing crashes, every word stays
/// on the page, and the page count stays bounded.
@Suite struct PDFHostileTextTests {
    static let extra: [String] = [
        String(repeating: "W", count: 32_767), String(repeating: "名前", count: 16_000),
        "\u{202E}gnp.exe \u{202D}mixed\u{202C} end", "جهاز الاستقبال الرئيسي", "مرحبا 123 world",
        "日本語のデバイス 中文设备 한국어", "emoji 🖥️💥🔥 👩‍💻 🇩🇪", "zalgo " + String(repeating: "e\u{0301}\u{0316}\u{0334}", count: 300),
        "nul\u{0}bell\u{7}esc\u{1B}del\u{7F}c1\u{85}", "tab\tcr\rcrlf\r\nlf\n", "\u{FFFD}\u{FFFD} repaired",
        String(repeating: "verylongwordwithoutanybreak", count: 200),
    ]

    static func hostileDocument() -> ReportDocument {
        var doc = RenderValidationTests.hostileDocument()
        let rows = extra.enumerated().map { i, s in
            ReportRow([.text(s), .number(Double(i) * 1_234_567.891), .text(s)], breached: i % 2 == 0)
        }
        doc.tables.append(ReportTable(name: "more_hostile", title: extra[6] + " " + extra[3], columns: [
            ReportColumn("name", "Name " + extra[5], .text), ReportColumn("amount", "Amount", .decimal(places: 3)),
            ReportColumn("narrow", "N", .text, width: 1),
        ], rows: ReportRowSource(rows), html: .all, caption: extra[0]))
        doc.tables.append(ReportTable(name: "empty", title: "Empty table", columns: [ReportColumn("x", "X", .text)],
                                      rows: ReportRowSource([]), html: .all))
        doc.kpis.append(ReportKPI("long", extra[0], .text(extra[1]), format: .text, status: .warning, hint: extra[2]))
        doc.title = extra[3] + " " + extra[0]
        doc.notes += extra
        doc.charts.append(ReportChart(title: extra[7], unit: extra[4], series: [
            ChartSeries(name: extra[0], points: [ChartSeries.Point(x: Date(timeIntervalSince1970: 1_790_000_000), y: .infinity)]),
            ChartSeries(name: extra[6], points: [ChartSeries.Point(x: Date(timeIntervalSince1970: 1_790_000_000), y: 3)]),
        ], referenceLines: [ChartReferenceLine(label: extra[2], value: .nan)]))
        return doc
    }

    @Test func hostileDocumentRendersInsideThePages() throws {
        let file = try PDFTestTools.render(Self.hostileDocument(), "hostile")
        defer { PDFTestTools.remove(file) }
        #expect(try PDFTestTools.run("qpdf", ["--check", file.url.path]).status == 0)
        #expect(file.pages >= 3 && file.pages <= 14, "\(file.pages) pages")
        for f in try PDFTestTools.fonts(file.url) { #expect(f.embedded == "yes", "font \(f.name) is not embedded") }
        for (i, n) in try PDFTestTools.contentPixels(file.url).enumerated() { #expect(n > 100, "page \(i + 1) is blank") }
        let boxes = try PDFTestTools.wordBoxes(file.url)
        #expect(boxes.count > 500)
        let margin = PDFTheme.marginX - 2
        for b in boxes {
            let (x0, y0, x1, y1) = b.box
            let inside = x0 >= margin && x1 <= b.pageW - margin && y0 >= 0 && y1 <= b.pageH
            #expect(inside, "word \"\(b.word.prefix(40))\" at \(b.box) leaves the page (\(b.pageW) x \(b.pageH))")
            if !inside { break }
        }
        let text = try PDFTestTools.text(file.url)
        #expect(text.contains("جهاز") || text.contains("زاهج"))
        #expect(text.contains("repaired"))
        #expect(text.contains("No data in this period."))
        #expect(text.contains("Acme <script>alert('x')</script>"))
        #expect(!text.contains(String(repeating: "W", count: 2_000)), "a 32,767-character name must be cut")
    }

    @Test func tenantWithoutDevicesSaysNoData() throws {
        let doc = SampleReports.sla(hostile: false, devices: 0)
        let file = try PDFTestTools.render(doc, "nodevices")
        defer { PDFTestTools.remove(file) }
        #expect(try PDFTestTools.run("qpdf", ["--check", file.url.path]).status == 0)
        let first = try PDFTestTools.text(file.url, page: 1)
        let all = try PDFTestTools.text(file.url)
        #expect(all.contains("No data in this period."))
        #expect(!first.contains("100.000 %"), "no devices must never read as 100 %")
        #expect(first.contains("Availability\n—") || first.contains("—"))
        for (i, n) in try PDFTestTools.contentPixels(file.url).enumerated() { #expect(n > 100, "page \(i + 1) is blank") }
    }

    @Test func layoutTextIsBoundedAndControlFree() {
        let cleaned = LayoutText.clean("a\u{0}b\u{7}c\r\nd\re\tf\u{85}" + String(repeating: "x", count: 5_000), limit: 100)
        #expect(cleaned.hasPrefix("a\u{FFFD}b\u{FFFD}c\nd\ne f\u{FFFD}"))
        #expect(cleaned.count == 101 && cleaned.hasSuffix("…"))
        #expect(LayoutText.clean("\u{202E}abc", limit: 10) == "\u{202E}abc")
        #expect(LayoutText.clean("👩‍💻👩‍💻👩‍💻", limit: 2) == "👩‍💻👩‍💻…")
    }
}
