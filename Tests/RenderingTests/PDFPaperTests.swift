import Foundation
import Testing
@testable import Rendering

/// Paper: A4 by default, Letter for US and Canadian locales, and a layout that fits either.
@Suite struct PDFPaperTests {
    @Test func paperFollowsTheLocaleRegion() {
        for id in ["en-US", "es-US", "en-CA", "fr-CA", "en_US.UTF-8", "en-Latn-US", "EN-us", "en-US-u-ca-gregory"] {
            #expect(PDFOptions.Paper.forLocale(id) == .letter, "\(id)")
        }
        for id in ["en", "en-GB", "de-DE", "fr-FR", "es-MX", "nl", "ja-JP", "", "-", "x-US", "en-419", "zh-Hant-TW", "de-u-rg-uszzzz"] {
            #expect(PDFOptions.Paper.forLocale(id) == .a4, "\(id)")
        }
        #expect(PDFOptions().paper == .a4)
    }

    /// Page boxes from pdfinfo, per page: (width, height) in points.
    static func pageSizes(_ url: URL, pages: Int) throws -> [(Double, Double)] {
        let r = try PDFTestTools.run("pdfinfo", ["-f", "1", "-l", "\(pages)", url.path])
        #expect(r.status == 0)
        return r.stdout.split(separator: "\n").filter { $0.hasPrefix("Page") && $0.contains("size:") }.compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)[1].split(separator: " ")
            guard parts.count >= 3, let w = Double(parts[0]), let h = Double(parts[2]) else { return nil }
            return (w, h)
        }
    }

    @Test func letterAndA4PagesHoldTheSameText() throws {
        let doc = PDFPaginationTests.document(rows: 1_000)
        let a4 = try PDFTestTools.render(doc, "paper-a4")
        let letter = try PDFTestTools.render(doc, "paper-letter", options: PDFOptions(paper: .letter))
        defer { PDFTestTools.remove(a4); PDFTestTools.remove(letter) }
        for (file, w, h) in [(a4, 595.276, 841.89), (letter, 612.0, 792.0)] {
            #expect(try PDFTestTools.run("qpdf", ["--check", file.url.path]).status == 0)
            let sizes = try Self.pageSizes(file.url, pages: file.pages)
            #expect(sizes.count == file.pages)
            for (pw, ph) in sizes { #expect(abs(pw - w) < 0.01 && abs(ph - h) < 0.01, "page \(pw) x \(ph), expected \(w) x \(h)") }
            for b in try PDFTestTools.wordBoxes(file.url) {
                let (x0, y0, x1, y1) = b.box
                #expect(x0 >= PDFTheme.marginX - 2 && x1 <= w - PDFTheme.marginX + 2 && y0 >= 0 && y1 <= h, "\(b.word) at \(b.box)")
            }
        }
        // A Letter page is 50 pt shorter: more pages, by about the ratio of the content heights.
        let contentA4 = 841.89 - PDFTheme.marginTop - 18 - PDFTheme.marginBottom
        let contentLetter = 792.0 - PDFTheme.marginTop - 18 - PDFTheme.marginBottom
        let expected = Double(a4.pages) * contentA4 / contentLetter
        #expect(letter.pages >= a4.pages && Double(letter.pages) <= expected + 2, "A4 \(a4.pages) pages, Letter \(letter.pages)")
        // Every row once on both papers: the words without the page furniture are the same.
        func words(_ url: URL) throws -> [String] {
            try PDFTestTools.text(url).split(whereSeparator: \.isWhitespace).map(String.init)
                .filter { $0.hasPrefix("row-") }
        }
        let wa = try words(a4.url), wl = try words(letter.url)
        #expect(wa.count == 1_000 && wl == wa)
    }
}
