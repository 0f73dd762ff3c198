import Foundation
import Testing
@testable import Rendering

/// Table cells set without pango (`PlainTextLine`, batched per row): the Latin-1 letters and
/// the spaces and signs ICU writes into numbers and dates are set that way, measure as pango
/// measures them, and stay real, extractable text.
@Suite struct PDFPlainTextTests {
    static let cells = ["Zürich Büro", "12\u{202F}345,5", "99,8\u{00A0}%", "2:05\u{202F}PM", "-4,25", "—", "Café Olé", "1 234 €"]

    @Test func latinAndICUSpacesAreSetWithoutPangoAtPangosWidth() throws {
        let surface = try CairoSurface.image(width: 10, height: 10)
        let typesetter = try Typesetter(cairo: try CairoContext(surface: surface))
        let plain = try typesetter.plainLine(PDFTheme.cell)
        for text in Self.cells {
            let width = try #require(plain.width(text), "\(text) should be set without pango")
            // Pango's width of the same text (it may kern a pair: allow a little).
            let pango = try typesetter.measure(text, PDFTheme.cell.with(maxLines: 1)).width
            #expect(abs(width - pango) <= 0.03 * pango + 0.2, "\(text): plain \(width) pt, pango \(pango) pt")
        }
        // Characters outside the set, or that need shaping, still go to pango.
        for text in ["مرحبا", "東京", "e\u{0301}", "a\u{00AD}b", "🙂", "\u{202E}abc"] {
            #expect(plain.width(text) == nil, "\(text) must be set by pango")
        }
    }

    @Test func batchedCellsAreExtractedExactly() throws {
        var doc = SampleReports.sla(hostile: false, devices: 1)
        let columns = [ReportColumn("a", "A", .text), ReportColumn("b", "B", .text), ReportColumn("c", "C", .text)]
        let all = Self.cells + ["−4,25"]
        let rows = stride(from: 0, to: all.count, by: 3).map { i in ReportRow(all[i..<i + 3].map { .text($0) }) }
        doc.tables = [ReportTable(name: "plain", title: "Plain", columns: columns, rows: ReportRowSource(rows), html: .all)]
        doc.kpis = []
        doc.charts = []
        let pdf = try PDFTestTools.render(doc, "plain-text")
        defer { PDFTestTools.remove(pdf) }
        // poppler writes every kind of space as U+0020
        let text = try PDFTestTools.text(pdf.url)
        for cell in Self.cells + ["−4,25"] {
            let spaced = String(String.UnicodeScalarView(cell.unicodeScalars.map { $0.properties.isWhitespace ? " " : $0 }))
            #expect(text.contains(spaced), "pdftotext lost \(cell.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        let check = try PDFTestTools.run("qpdf", ["--check", pdf.url.path])
        #expect(check.status == 0, "qpdf: \(check.stdout) \(check.stderr)")
    }
}
