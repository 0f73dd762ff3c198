import Foundation
import Testing
@testable import Rendering

/// Every script in the PDF: CJK (Japanese, Chinese, Korean), Arabic, Hebrew with bidi
/// overrides and emoji are shaped with real glyphs (no tofu), set in embedded fonts and
/// extracted again as text.
@Suite struct PDFScriptsTests {
    static let samples: [(name: String, text: String)] = [
        ("Japanese", "日本語のデバイス 東京サーバー"), ("Chinese", "中文设备 服务器已停机"), ("Korean", "한국어 장치 서버"),
        ("Arabic", "جهاز الاستقبال الرئيسي ١٢٣"), ("Hebrew", "שרת ראשי \u{202E}עברית\u{202C} \u{202D}LTR\u{202C}"),
        ("emoji", "emoji 🔥💥 🖥️ 👩‍💻 🇩🇪 ✓ ✗"),
    ]

    /// Pango finds a font with a real glyph for every character of every sample, in the
    /// regular and bold styles the PDF uses.
    @Test func everyScriptHasRealGlyphs() throws {
        let surface = try CairoSurface.image(width: 10, height: 10)
        let typesetter = try Typesetter(cairo: try CairoContext(surface: surface))
        for (name, text) in Self.samples {
            for style in [PDFTheme.cell, PDFTheme.h2, TextStyle(size: 14, bold: true, tabular: true)] {
                let layout = try typesetter.layout(text, style, width: nil)
                #expect(layout.unknownGlyphs == 0, "\(name) in \(style): \(layout.unknownGlyphs) glyphs missing (tofu)")
            }
        }
        // The check itself: a private-use character no font has is reported as unknown.
        #expect(try typesetter.layout("\u{10FFFC}\u{10FFFD}", PDFTheme.cell, width: nil).unknownGlyphs == 2)
    }

    static func document() -> ReportDocument {
        var doc = SampleReports.sla(hostile: false, devices: 3)
        let rows = samples.enumerated().map { i, s in ReportRow([.text(s.name), .text(s.text), .number(Double(i) + 0.5)]) }
        doc.tables = [ReportTable(name: "scripts", title: "Scripts 日本語 中文 한국어", columns: [
            ReportColumn("script", "Script", .text), ReportColumn("sample", "Sample 見本", .text, width: 40),
            ReportColumn("value", "Value", .decimal(places: 1)),
        ], rows: ReportRowSource(rows), html: .all)]
        doc.kpis = [ReportKPI("name", "Gerät 装置", .text(samples[0].text), format: .text)]
        doc.charts = []
        doc.notes = samples.map(\.text)
        return doc
    }

    @Test func pdfEmbedsTheFontsAndGivesTheTextBack() throws {
        let file = try PDFTestTools.render(Self.document(), "scripts")
        defer { PDFTestTools.remove(file) }
        #expect(try PDFTestTools.run("qpdf", ["--check", file.url.path]).status == 0)
        let fonts = try PDFTestTools.fonts(file.url)
        #expect(fonts.contains { $0.name.contains("CJK") }, "no CJK font in \(fonts.map(\.name))")
        for f in fonts { #expect(f.embedded == "yes", "font \(f.name) is not embedded") }
        let text = try PDFTestTools.text(file.url)
        for word in ["日本語のデバイス", "東京サーバー", "中文设备", "服务器已停机", "한국어", "장치", "Gerät", "装置", "見本"] {
            #expect(text.contains(word), "\(word) is not in the extracted text")
        }
        // Right-to-left runs come back in logical or visual order depending on the reader, and
        // poppler puts spaces inside RTL words (glyph positioning): compare without spaces.
        let joined = text.filter { !$0.isWhitespace }
        for word in ["جهاز", "الرئيسي", "שרת", "ראשי", "עברית"] {
            #expect(joined.contains(word) || joined.contains(String(word.reversed())), "\(word) is not in the extracted text")
        }
        // Emoji are glyphs of an embedded outline font (text), not pictures.
        #expect(text.contains("🔥") && text.contains("💥"), "emoji are not extractable text")
        for (i, n) in try PDFTestTools.contentPixels(file.url).enumerated() { #expect(n > 100, "page \(i + 1) is blank") }
        let boxes = try PDFTestTools.wordBoxes(file.url)
        for b in boxes {
            let (x0, _, x1, _) = b.box
            #expect(x0 >= PDFTheme.marginX - 2 && x1 <= b.pageW - PDFTheme.marginX + 2, "\(b.word) at \(b.box) leaves the text area")
        }
        if let dir = ProcessInfo.processInfo.environment["PDF_SAMPLES_DIR"] {
            try? FileManager.default.removeItem(atPath: dir + "/scripts.pdf")
            try FileManager.default.copyItem(atPath: file.url.path, toPath: dir + "/scripts.pdf")
        }
    }
}
