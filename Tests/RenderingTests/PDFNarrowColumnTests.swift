import Foundation
import Testing
@testable import Rendering

/// Narrow columns: headers and cells wrap at word boundaries, a word longer than its column
/// breaks inside the word, text that does not fit the column's lines (or a column too narrow
/// to wrap) is ellipsized, and no text ever runs into the next column.
@Suite struct PDFNarrowColumnTests {
    static let longWord = "Supercalifragilisticexpialidociousdevicenamewithoutbreaks"
    static let sentence = "reception desk computer in the front office near the main entrance door"
    static let pageWidth = 595.2756

    /// `numbers` decimal columns after three text columns: with 2 the text columns are wide
    /// enough to wrap (over 64 pt), with 9 every column is squeezed below that.
    static func document(numbers: Int) -> ReportDocument {
        var doc = SampleReports.sla(hostile: false, devices: 2)
        var columns = [
            ReportColumn("device", "Device name of the monitored machine", .text, width: 20),
            ReportColumn("word", "Averyveryverylongsingleheaderword", .text, width: 6),
            ReportColumn("tiny", "N", .text, width: 1),
        ]
        for k in 0..<numbers { columns.append(ReportColumn("v\(k)", "Error budget left (s) \(k)", .decimal(places: 1))) }
        let texts = [sentence, longWord, Array(repeating: sentence, count: 4).joined(separator: " "), "short"]
        let rows = texts.enumerated().map { i, t in
            ReportRow([.text(t), .text(texts[(i + 1) % texts.count]), .text("tiny column " + t)]
                      + (0..<numbers).map { .number(Double($0 * 1_234_567 + i) + 0.25) })
        }
        doc.tables = [ReportTable(name: "narrow", title: "Narrowtable", columns: columns, rows: ReportRowSource(rows), html: .all)]
        doc.kpis = []
        doc.charts = []
        doc.notes = []
        return doc
    }

    static func tableLayout(_ doc: ReportDocument) throws -> (PDFTableLayout, Typesetter) {
        let surface = try CairoSurface.image(width: 10, height: 10)
        let typesetter = try Typesetter(cairo: try CairoContext(surface: surface))
        let layout = try PDFTableLayout(table: doc.tables[0], left: PDFTheme.marginX, width: pageWidth - 2 * PDFTheme.marginX,
                                        maxCellLines: PDFOptions().maxCellLines, typesetter: typesetter)
        return (layout, typesetter)
    }

    /// True when every line break of `layout` (holding `text`) is at a space.
    static func breaksAtSpaces(_ layout: PangoLayout, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return layout.lineStarts.dropFirst().allSatisfy { $0 > 0 && $0 <= bytes.count && bytes[$0 - 1] == 0x20 }
    }

    /// The laid-out width of every header and cell (pango's logical extents, or the ASCII
    /// setter's advance sum) is inside its column, the columns do not overlap, and wrapping
    /// follows the rules.
    @Test(arguments: [2, 9]) func measuredCellsStayInsideTheirColumns(numbers: Int) throws {
        let doc = Self.document(numbers: numbers)
        let (layout, typesetter) = try Self.tableLayout(doc)
        for k in layout.x.indices.dropFirst() {
            #expect(layout.x[k] >= layout.x[k - 1] + layout.widths[k - 1] - 0.001, "column \(k) overlaps column \(k - 1)")
        }
        #expect(layout.x.last! + layout.widths.last! <= Self.pageWidth - PDFTheme.marginX + 0.001)
        for (k, title) in layout.headerTitles.enumerated() {
            let inner = layout.widths[k] - 2 * PDFTableLayout.padX
            let header = try typesetter.layout(title, PDFTheme.headerCell, width: inner)
            #expect(header.size.width <= inner + 0.01, "header \(title) is \(header.size.width) pt wide in a \(inner) pt column")
            if header.lineStarts.count > 1, title.contains(" ") {
                #expect(Self.breaksAtSpaces(header, title), "header \(title) breaks inside a word: \(header.lineStarts)")
            }
        }
        let wordHeader = try typesetter.layout("Averyveryverylongsingleheaderword", PDFTheme.headerCell, width: layout.widths[1] - 2 * PDFTableLayout.padX)
        #expect(wordHeader.lineStarts.count == 2, "a header word longer than its column breaks inside the word")

        let wide = numbers == 2
        #expect(layout.wraps[0] == wide && layout.wraps[1] == wide && !layout.wraps[2], "wraps \(layout.wraps) for \(layout.widths)")
        #expect((layout.widths[0] >= PDFTableLayout.narrowColumn) == wide)
        var text = try PDFContent(doc, options: PDFOptions()).valueText()
        var it = try doc.tables[0].rows.makeIterator()
        var checked = 0
        while let row = try it.next() {
            _ = layout.layoutRow(row, text: &text, drawing: true)
            for k in layout.columnIndices.indices {
                let inner = layout.widths[k] - 2 * PDFTableLayout.padX
                let w = layout.plainTexts[k] != nil ? layout.plainWidths[k]
                    : (layout.useShrunk[k] ? layout.shrunkLayouts[k]!.size.width : layout.cellLayouts[k].size.width)
                #expect(w <= inner + 0.01, "column \(k): \(w) pt of text in \(inner) pt")
                guard k < 3, case .text(let value) = row.values[k], layout.plainTexts[k] == nil else { continue }
                let cell = layout.cellLayouts[k]
                checked += 1
                if !layout.wraps[k] {
                    #expect(cell.lineStarts.count == 1 && cell.isEllipsized, "narrow column \(k): \(value.prefix(20)) is not one cut line")
                } else if value == Self.longWord {
                    #expect(cell.lineStarts.count >= 2 && !Self.breaksAtSpaces(cell, value), "the long word must break inside itself")
                } else {
                    #expect(Self.breaksAtSpaces(cell, value), "\(value.prefix(30)) breaks inside a word: \(cell.lineStarts)")
                    #expect(cell.lineStarts.count <= PDFOptions().maxCellLines)
                    if value.count > 200 { #expect(cell.isEllipsized, "a value over three lines ends in …") }
                }
            }
        }
        #expect(checked >= 8, "the long values must go through pango")
    }

    /// In the drawn PDF, read back by poppler, every word of the table lies inside one column.
    /// (pdftotext gives an ellipsized run its whole text, so what was cut is checked above.)
    @Test(arguments: [2, 9]) func drawnWordsStayInsideTheirColumns(numbers: Int) throws {
        let doc = Self.document(numbers: numbers)
        let file = try PDFTestTools.render(doc, "narrow\(numbers)")
        defer { PDFTestTools.remove(file) }
        #expect(file.pages == 1)
        let (layout, _) = try Self.tableLayout(doc)
        let boxes = try PDFTestTools.wordBoxes(file.url)
        guard let title = boxes.first(where: { $0.word == "Narrowtable" }) else { Issue.record("no table title"); return }
        let footerTop = title.pageH - PDFTheme.marginBottom
        let tableWords = boxes.filter { $0.box.1 > title.box.3 && $0.box.3 < footerTop }
        #expect(tableWords.count > 20)
        for b in tableWords {
            let (x0, _, x1, _) = b.box
            let inOne = layout.x.indices.contains { k in x0 >= layout.x[k] - 0.5 && x1 <= layout.x[k] + layout.widths[k] + 0.5 }
            #expect(inOne, "\"\(b.word)\" at \(x0)...\(x1) crosses a column edge (columns \(zip(layout.x, layout.widths).map { ($0, $0 + $1) }))")
        }
        let words = Set(tableWords.map(\.word))
        for whole in ["Device", "reception", "short"] { #expect(words.contains(whole), "\(whole) should be a whole word") }
        if let dir = ProcessInfo.processInfo.environment["PDF_SAMPLES_DIR"] {
            try? FileManager.default.removeItem(atPath: dir + "/narrow\(numbers).pdf")
            try FileManager.default.copyItem(atPath: file.url.path, toPath: dir + "/narrow\(numbers).pdf")
        }
    }
}
