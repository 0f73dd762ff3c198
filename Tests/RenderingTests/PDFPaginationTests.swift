import Foundation
import Testing
@testable import Rendering

/// Tables across pages: the header on every page, no row lost, split or repeated, and flat memory.
@Suite struct PDFPaginationTests {
    static func document(rows: Int, html: HTMLRowSelection = .none) -> ReportDocument {
        var doc = SampleReports.sla(hostile: false, devices: 4)
        doc.tables = [ReportTable(name: "samples", title: "All samples", columns: [
            ReportColumn("sample", "Sample name", .text), ReportColumn("value", "Measured value", .decimal(places: 2)),
            ReportColumn("at", "Taken at", .timestamp(local: true)), ReportColumn("pct", "Share", .percent(places: 1)),
        ], rows: ReportRowSource(count: rows) { i in
            let n = String(i + 1)
            return ReportRow([.text("row-" + String(repeating: "0", count: max(0, 5 - n.count)) + n), .number(Double(i) * 1.5),
                       .instant(Date(timeIntervalSince1970: 1_790_000_000 + Double(i) * 60)), .number(Double(i % 1000) / 10)],
                      breached: i % 17 == 0)
        }, html: html, caption: "Every sample of the period.")]
        doc.charts = []
        doc.notes = []
        return doc
    }

    @Test func thousandRowsRepeatTheHeaderAndKeepEveryRowOnce() throws {
        let file = try PDFTestTools.render(Self.document(rows: 1_000), "thousand")
        defer { PDFTestTools.remove(file) }
        #expect(try PDFTestTools.run("qpdf", ["--check", file.url.path]).status == 0)
        #expect(Int(try PDFTestTools.info(file.url)["Pages"] ?? "") == file.pages)
        let pages = try (1...file.pages).map { try PDFTestTools.text(file.url, page: $0) }
        guard let first = pages.firstIndex(where: { $0.contains("Appendix: full tables") }) else {
            Issue.record("no appendix"); return
        }
        var seen = [Int](repeating: 0, count: 1_000)
        for (p, page) in pages.enumerated() where p >= first {
            #expect(page.contains("Sample name") && page.contains("Measured value") && page.contains("Taken at"),
                    "page \(p + 1) has no header row")
            if p > first { #expect(page.contains("All samples (continued)")) }
            var rest = Substring(page)
            while let r = rest.range(of: "row-") {
                let digits = rest[r.upperBound...].prefix(5)
                if let n = Int(digits), n >= 1, n <= 1_000 { seen[n - 1] += 1 }
                rest = rest[r.upperBound...]
            }
        }
        #expect(seen.allSatisfy { $0 == 1 }, "rows missing or repeated: \(seen.enumerated().filter { $0.element != 1 }.prefix(5).map { $0.offset + 1 })")
        // One-line rows of a constant height: every full page holds the same number of rows.
        let perPage = pages[(first + 1)..<(pages.count - 1)].map { $0.components(separatedBy: "row-").count - 1 }
        #expect(Set(perPage).count == 1, "rows per full page vary: \(perPage)")
        let rowsPerPage = perPage.first ?? 0
        #expect(rowsPerPage >= 40 && rowsPerPage <= 60, "\(rowsPerPage) rows per page")
        let firstPageRows = pages[first].components(separatedBy: "row-").count - 1
        #expect(file.pages == first + 1 + Int((Double(1_000 - firstPageRows) / Double(rowsPerPage)).rounded(.up)))
        for (i, n) in try PDFTestTools.contentPixels(file.url).enumerated() { #expect(n > 100, "page \(i + 1) is blank") }
    }

    @Test func tenThousandRowAppendixIsFastAndFlat() throws {
        func peakRSS() -> Int {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        let small = try PDFTestTools.render(Self.document(rows: 2_000), "flat-small")
        PDFTestTools.remove(small)
        let before = peakRSS()
        let start = Date()
        let big = try PDFTestTools.render(Self.document(rows: 10_000), "flat-big")
        let seconds = Date().timeIntervalSince(start)
        defer { PDFTestTools.remove(big) }
        let after = peakRSS()
        print("PDF 10,000-row appendix: \(big.pages) pages, \(big.bytes) bytes, \(String(format: "%.2f", seconds)) s, peak RSS \(before / 1024) -> \(after / 1024) MB")
        #expect(big.pages > 150 && big.pages < 260)
        #expect(after - before < 40 * 1024, "peak RSS grew by \((after - before) / 1024) MB for 10,000 rows")
        #expect(try PDFTestTools.run("qpdf", ["--check", big.url.path]).status == 0)
    }

    @Test func aBodyTableWithAllRowsIsStreamedAndNotRepeated() throws {
        let file = try PDFTestTools.render(Self.document(rows: 300, html: .all), "bodyall")
        defer { PDFTestTools.remove(file) }
        let text = try PDFTestTools.text(file.url)
        #expect(!text.contains("Appendix"))
        #expect(text.components(separatedBy: "row-00300").count == 2)
    }
}
