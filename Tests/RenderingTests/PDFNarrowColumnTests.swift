import Foundation
import Testing
@testable import Rendering

/// Narrow columns: headers and cells wrap at word boundaries, a word longer than its column
/// breaks inside the word, text that does not fit the column's lines is ellipsized, and no
/// text ever runs into the next column.
@Suite struct PDFNarrowColumnTests {
    static let longWord = "Supercalifragilisticexpialidociousdevicename"

    /// Twelve columns on A4: the text columns get 60-90 pt, so every long value must wrap or be cut.
    static func document() -> ReportDocument {
        var doc = SampleReports.sla(hostile: false, devices: 2)
        var columns = [
            ReportColumn("device", "Device name of the monitored machine", .text),
            ReportColumn("word", "Averyveryverylongsingleheaderword", .text),
            ReportColumn("tiny", "N", .text, width: 1),
        ]
        for k in 0..<9 { columns.append(ReportColumn("v\(k)", "Error budget left (s) \(k)", .decimal(places: 1))) }
        let texts = ["reception desk computer in the front office near the main entrance door", longWord,
                     longWord + " " + longWord + " " + longWord + " " + longWord, "short"]
        let rows = texts.enumerated().map { i, t in
            ReportRow([.text(t), .text(texts[(i + 1) % texts.count]), .text("tiny column " + t)]
                      + (0..<9).map { .number(Double($0 * 1_234_567 + i) + 0.25) })
        }
        doc.tables = [ReportTable(name: "narrow", title: "Narrowtable", columns: columns, rows: ReportRowSource(rows), html: .all)]
        doc.kpis = []
        doc.charts = []
        doc.notes = []
        return doc
    }

    /// The laid-out width of every header and cell (pango's logical extents, or the ASCII
    /// setter's advance sum) is inside its column, and the columns do not overlap.
    @Test func measuredCellsStayInsideTheirColumns() throws {
        let surface = try CairoSurface.image(width: 10, height: 10)
        let typesetter = try Typesetter(cairo: try CairoContext(surface: surface))
        let doc = Self.document()
        let table = doc.tables[0]
        let layout = try PDFTableLayout(table: table, left: PDFTheme.marginX, width: 595.2756 - 2 * PDFTheme.marginX,
                                        maxCellLines: 3, typesetter: typesetter)
        for k in layout.x.indices.dropFirst() {
            #expect(layout.x[k] >= layout.x[k - 1] + layout.widths[k - 1] - 0.001, "column \(k) overlaps column \(k - 1)")
        }
        #expect(layout.x.last! + layout.widths.last! <= 595.2756 - PDFTheme.marginX + 0.001)
        for (k, title) in layout.headerTitles.enumerated() {
            let inner = layout.widths[k] - 2 * PDFTableLayout.padX
            let w = try typesetter.measure(title, PDFTheme.headerCell, width: inner).width
            #expect(w <= inner + 0.01, "header \(title) is \(w) pt wide in a \(inner) pt column")
        }
        var text = PDFContent.valueText(zone: try doc.timeZone(), doc: doc)
        var it = try table.rows.makeIterator()
        var wrappedOrCut = 0
        while let row = try it.next() {
            _ = layout.layoutRow(row, text: &text, drawing: true)
            for k in layout.columnIndices.indices {
                let inner = layout.widths[k] - 2 * PDFTableLayout.padX
                let w = layout.plainTexts[k] != nil ? layout.plainWidths[k]
                    : (layout.useShrunk[k] ? layout.shrunkLayouts[k]!.size.width : layout.cellLayouts[k].size.width)
                #expect(w <= inner + 0.01, "column \(k): \(w) pt of text in \(inner) pt")
                if layout.plainTexts[k] == nil { wrappedOrCut += 1 }
            }
        }
        #expect(wrappedOrCut >= 8, "the long values must go through pango's wrapping")
    }

    /// In the drawn PDF (read back by poppler), every word of the table lies inside one
    /// column; header words stay whole where there is a space to break at; the long word is
    /// broken; the narrow column ends in "…".
    @Test func drawnWordsStayInsideTheirColumns() throws {
        let doc = Self.document()
        let file = try PDFTestTools.render(doc, "narrow")
        defer { PDFTestTools.remove(file) }
        #expect(file.pages == 1)
        let surface = try CairoSurface.image(width: 10, height: 10)
        let typesetter = try Typesetter(cairo: try CairoContext(surface: surface))
        let layout = try PDFTableLayout(table: doc.tables[0], left: PDFTheme.marginX, width: 595.2756 - 2 * PDFTheme.marginX,
                                        maxCellLines: PDFOptions().maxCellLines, typesetter: typesetter)
        let boxes = try PDFTestTools.wordBoxes(file.url)
        guard let title = boxes.first(where: { $0.word == "Narrowtable" }) else { Issue.record("no table title"); return }
        let footerTop = title.pageH - PDFTheme.marginBottom
        let tableWords = boxes.filter { $0.box.1 > title.box.3 && $0.box.3 < footerTop }
        #expect(tableWords.count > 60)
        for b in tableWords {
            let (x0, _, x1, _) = b.box
            let inOne = layout.x.indices.contains { k in x0 >= layout.x[k] - 0.5 && x1 <= layout.x[k] + layout.widths[k] + 0.5 }
            #expect(inOne, "\"\(b.word)\" at \(x0)...\(x1) crosses a column edge (columns \(zip(layout.x, layout.widths).map { ($0, $0 + $1) }))")
        }
        let words = Set(tableWords.map(\.word))
        for whole in ["Device", "name", "monitored", "machine", "budget", "reception", "computer"] {
            #expect(words.contains(whole), "\(whole) should stay a whole word")
        }
        #expect(!words.contains(Self.longWord), "the long word must break inside the column")
        #expect(tableWords.contains { Self.longWord.hasPrefix($0.word) && $0.word.count >= 6 }, "the long word's first part is missing")
        #expect(!words.contains("Averyveryverylongsingleheaderword"))
        #expect(tableWords.contains { $0.word.hasSuffix("…") }, "no ellipsized cell")
        if let dir = ProcessInfo.processInfo.environment["PDF_SAMPLES_DIR"] {
            try? FileManager.default.removeItem(atPath: dir + "/narrow.pdf")
            try FileManager.default.copyItem(atPath: file.url.path, toPath: dir + "/narrow.pdf")
        }
    }
}
