import Foundation
import Testing
@testable import Rendering

/// The sample SLA report as PDF, opened by real readers (qpdf, poppler).
@Suite struct PDFRendererTests {
    @Test func sampleReportPassesRealReaders() throws {
        let doc = SampleReports.sla(hostile: false)
        let file = try PDFTestTools.render(doc, "sample")
        defer { PDFTestTools.remove(file) }
        let check = try PDFTestTools.run("qpdf", ["--check", file.url.path])
        #expect(check.status == 0, "qpdf --check: \(check.stdout) \(check.stderr)")
        let info = try PDFTestTools.info(file.url)
        #expect(Int(info["Pages"] ?? "") == file.pages)
        #expect(info["Page size"]?.hasPrefix("595.276 x 841.89") == true)
        #expect(info["Creator"] == "ninjait-reports 0.1.0")
        #expect(info["Title"]?.contains("Monthly availability and SLA") == true)
        #expect(info["CreationDate"]?.hasPrefix("2026-11-01T01:15:00") == true)
        #expect(file.bytes == (try Data(contentsOf: file.url)).count)

        let fonts = try PDFTestTools.fonts(file.url)
        #expect(!fonts.isEmpty)
        for f in fonts { #expect(f.embedded == "yes", "font \(f.name) is not embedded") }

        let pixels = try PDFTestTools.contentPixels(file.url)
        #expect(pixels.count == file.pages)
        for (i, n) in pixels.enumerated() { #expect(n > 100, "page \(i + 1) is blank (\(n) dark pixels)") }
    }

    @Test func textHasKPIValuesTopDevicesAndPageNumbers() throws {
        let doc = SampleReports.sla(hostile: false)
        let file = try PDFTestTools.render(doc, "text")
        defer { PDFTestTools.remove(file) }
        let pages = try (1...file.pages).map { try PDFTestTools.text(file.url, page: $0) }
        for (i, page) in pages.enumerated() { #expect(page.contains("Page \(i + 1) of \(file.pages)")) }
        // en-US forms (the document's default locale).
        let first = pages[0].replacingOccurrences(of: "\u{202F}", with: " ")
        #expect(first.contains("Generated 11/01/2026, 1:15 AM UTC by ninjait-reports 0.1.0"), "\(first)")
        #expect(pages[0].contains("October 2026"))
        #expect(pages[0].contains("Europe/Berlin"))

        // KPI values as the HTML formats them, on the first page.
        var text = HTMLValueText(zone: try doc.timeZone(), zoneID: doc.tenant.timeZoneID, maxCharacters: 400)
        for kpi in doc.kpis {
            let value = text.text(kpi.value, kpi.format)
            #expect(pages[0].contains(value), "KPI \(kpi.key) value \(value) is not on page 1")
            #expect(pages[0].contains(kpi.label))
        }

        // The 10 lowest-availability devices, computed here independently, are in the body (before the appendix).
        guard let appendix = pages.firstIndex(where: { $0.contains("Appendix: full tables") }) else {
            Issue.record("no appendix page"); return
        }
        let body = pages[..<appendix].joined(separator: "\n")
        let devices: [(name: String, availability: Double)] = try {
            var it = try doc.tables[0].rows.makeIterator()
            var out: [(String, Double)] = []
            while let r = try it.next() {
                if case .text(let n) = r.values[0], let a = r.values[2].doubleValue { out.append((n, a)) }
            }
            return out
        }()
        let top = devices.enumerated().sorted { ($0.element.availability, $0.offset) < ($1.element.availability, $1.offset) }.prefix(10)
        #expect(top.count == 10)
        for d in top { #expect(body.contains(d.element.name), "top-N device \(d.element.name) is not in the body") }
        #expect(body.contains("Showing 10 of 36 rows, lowest availability first. All rows are in the appendix."))
        #expect(body.contains("Rows in red are below the 99.900 % target."))
        #expect(body.contains("Maintenance windows are excluded from monitored time."))

        // The appendix holds every device and the daily table (not in the body, like the HTML).
        let appendixText = pages[appendix...].joined(separator: "\n")
        for d in devices { #expect(appendixText.contains(d.name)) }
        #expect(appendixText.contains("Daily availability"))
        #expect(appendixText.contains("10/31/2026"))
    }

    @Test func outlineHasOneBookmarkPerSection() throws {
        let file = try PDFTestTools.render(SampleReports.sla(hostile: false), "outline")
        defer { PDFTestTools.remove(file) }
        let titles = try PDFTestTools.outlineTitles(file.url)
        #expect(titles == ["Key figures", "Daily availability", "Fleet CPU and memory (hourly mean)", "Devices", "Outages",
                           "Notes", "Appendix: full tables", "Devices", "Daily availability", "Outages"])
    }

    @Test func sameDocumentRendersByteIdentical() throws {
        for (name, doc) in [("plain", SampleReports.sla(hostile: false)), ("hostile", PDFHostileTextTests.hostileDocument())] {
            let a = try PDFTestTools.render(doc, "det-a-\(name)"), b = try PDFTestTools.render(doc, "det-b-\(name)")
            defer { PDFTestTools.remove(a); PDFTestTools.remove(b) }
            #expect(try Data(contentsOf: a.url) == Data(contentsOf: b.url), "\(name): two renders differ")
        }
    }

    @Test func letterPaperAndNoAppendix() throws {
        let doc = SampleReports.sla(hostile: false)
        let full = try PDFTestTools.render(doc, "a4")
        let letter = try PDFTestTools.render(doc, "letter", options: PDFOptions(paper: .letter, appendix: false))
        defer { PDFTestTools.remove(full); PDFTestTools.remove(letter) }
        #expect(try PDFTestTools.info(letter.url)["Page size"]?.hasPrefix("612 x 792") == true)
        let text = try PDFTestTools.text(letter.url)
        #expect(!text.contains("Appendix"))
        #expect(text.contains("All rows are in the XLSX and CSV files."))
        #expect(letter.pages < full.pages)
        #expect(try PDFTestTools.run("qpdf", ["--check", letter.url.path]).status == 0)
    }

    @Test func pngLogoIsDrawnAndABadLogoIsLeftOut() throws {
        let chart = ReportChart(title: "logo", unit: "", series: [ChartSeries(name: "a", points: [])])
        let png = try ChartImage.png(chart: chart, width: 120, height: 60, scale: 1)
        var doc = SampleReports.sla(hostile: false, devices: 3)
        doc.tenant.branding.logoDataURI = "data:image/png;base64," + png.base64EncodedString()
        let good = try PDFTestTools.render(doc, "logo")
        doc.tenant.branding.logoDataURI = "data:image/png;base64,AAAA"
        let bad = try PDFTestTools.render(doc, "badlogo")
        defer { PDFTestTools.remove(good); PDFTestTools.remove(bad) }
        let images = try PDFTestTools.run("pdfimages", ["-list", good.url.path]).stdout.split(separator: "\n").dropFirst(2)
        #expect(images.count == 1)
        #expect(images.first?.contains(" 120 ") == true)
        #expect(try PDFTestTools.run("pdfimages", ["-list", bad.url.path]).stdout.split(separator: "\n").dropFirst(2).isEmpty)
        #expect(try PDFTestTools.run("qpdf", ["--check", bad.url.path]).status == 0)
    }

    @Test func unwritablePathIsAnIOError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/r.pdf")
        #expect {
            _ = try PDFRenderer().render(SampleReports.sla(hostile: false, devices: 2), to: url)
        } throws: { ($0 as? RenderingError)?.code == .io }
    }
}

/// Writes sample PDFs and chart PNGs to $PDF_SAMPLES_DIR (when set) for a person to look at.
@Suite struct PDFSampleFiles {
    @Test func writeSamplesWhenAsked() throws {
        guard let dir = ProcessInfo.processInfo.environment["PDF_SAMPLES_DIR"] else { return }
        let root = URL(fileURLWithPath: dir)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let renderer = PDFRenderer()
        _ = try renderer.render(SampleReports.sla(hostile: false), to: root.appendingPathComponent("sla.pdf"))
        _ = try renderer.render(PDFHostileTextTests.hostileDocument(), to: root.appendingPathComponent("hostile.pdf"))
        _ = try renderer.render(SampleReports.sla(hostile: false, devices: 0), to: root.appendingPathComponent("no-devices.pdf"))
        _ = try PDFRenderer(options: PDFOptions(paper: .letter)).render(PDFPaginationTests.document(rows: 1_000),
                                                                        to: root.appendingPathComponent("thousand-letter.pdf"))
        let doc = SampleReports.sla(hostile: false)
        let zone = try doc.timeZone()
        let daily = try doc.tables[1].chart!.chart(of: doc.tables[1], zone: zone)
        try ChartImage.png(chart: daily, width: 600, height: 260, timeZone: zone, accent: "#0F766E")
            .write(to: root.appendingPathComponent("chart-daily.png"))
        try ChartImage.png(chart: doc.charts[0], width: 600, height: 260, timeZone: zone, accent: "#0F766E")
            .write(to: root.appendingPathComponent("chart-cpu.png"))
    }
}
