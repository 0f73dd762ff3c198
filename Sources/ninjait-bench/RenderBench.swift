import Analytics
// The render suite of ninjait-bench, driven by scripts/bench.d/render.
//
//   ninjait-bench render xlsx|csv|plain-csv|pdf-rows [--rows N] [--out FILE] [--tmpdir DIR]
//   ninjait-bench render pdf-report --out FILE [--html FILE --templates DIR] [--repeat N] [--paper a4|letter]
//   ninjait-bench render png-chart --out FILE [--repeat N]
//
// xlsx, csv, plain-csv and pdf-rows write the same N rows x 8 columns (id, device, time, cpu,
// memory, availability, downtime, status; every 7th row breached) and print one line:
// `render MODE rows=N seconds=S bytes=B` (pdf-rows: the rows are the PDF's appendix, and
// `pages=P` follows). pdf-report renders the demo-like sla-monthly document
// (`RenderBenchSLA`) as PDF `--repeat` times (and once as HTML with `--html`, for the
// Chromium peer) and prints `render pdf-report runs=N min=S median=S pages=P bytes=B`;
// png-chart draws its daily-availability chart as the mail's 2x PNG the same way. `plain-csv` is the baseline: a hand-written Swift
// loop producing byte-identical CSV without the model or the writer's generality.
// bench/c/xlsx_rows.c and the Python peer in scripts/bench.d/render write the same rows.
import Foundation
import Rendering

func renderBench(_ args: [String]) throws {
    var mode = "xlsx", rows = 1_000_000, out = "", tmpdir: String?
    var html: String?, templates = "templates", repeats = 1, paper = PDFOptions.Paper.a4
    var i = 0
    func value() throws -> String {
        i += 1
        guard i < args.count else { throw RenderingError(.invalidDocument, "render bench: \(args[i - 1]) needs a value") }
        return args[i]
    }
    while i < args.count {
        switch args[i] {
        case "--rows": rows = Int(try value()) ?? rows
        case "--out": out = try value()
        case "--tmpdir": tmpdir = try value()
        case "--html": html = try value()
        case "--templates": templates = try value()
        case "--repeat": repeats = max(1, Int(try value()) ?? 1)
        case "--paper": paper = PDFOptions.Paper(rawValue: try value()) ?? paper
        default: mode = args[i]
        }
        i += 1
    }
    switch mode {
    case "pdf-report": return try RenderBenchPDF.report(out: out, html: html, templates: templates, repeats: repeats, paper: paper)
    case "png-chart": return try RenderBenchPDF.chart(out: out, repeats: repeats)
    default: break
    }
    if out.isEmpty { out = FileManager.default.temporaryDirectory.appendingPathComponent("render-bench.\(mode == "xlsx" ? "xlsx" : "csv")").path }
    let started = Date()
    let bytes: Int
    switch mode {
    case "xlsx":
        let doc = RenderBenchRows.document(rows: rows)
        let options = XLSXOptions(constantMemory: .always, temporaryDirectory: tmpdir.map { URL(fileURLWithPath: $0) })
        bytes = try XLSXRenderer(options: options).render(doc, to: URL(fileURLWithPath: out)).bytes
    case "csv":
        let doc = RenderBenchRows.document(rows: rows)
        bytes = try CSVWriter(options: CSVOptions(compression: .never))
            .write(doc.tables[0], timeZone: TimeZone(identifier: "UTC")!, to: URL(fileURLWithPath: out), gzip: false).bytes
    case "plain-csv":
        bytes = try RenderBenchRows.plainCSV(rows: rows, path: out)
    case "pdf-rows":
        var doc = RenderBenchRows.document(rows: rows)
        doc.tables[0].html = .first(10)
        let pdf = try PDFRenderer(options: PDFOptions(paper: paper)).render(doc, to: URL(fileURLWithPath: out))
        let seconds = Date().timeIntervalSince(started)
        print("render pdf-rows rows=\(rows) seconds=\(String(format: "%.3f", seconds)) bytes=\(pdf.bytes) pages=\(pdf.pages)")
        return
    default:
        throw RenderingError(.invalidDocument, "render bench: unknown mode \(mode) (xlsx, csv, plain-csv, pdf-rows, pdf-report, png-chart)")
    }
    let seconds = Date().timeIntervalSince(started)
    print("render \(mode) rows=\(rows) seconds=\(String(format: "%.3f", seconds)) bytes=\(bytes)")
}

/// The PDF and PNG modes: repeated renders of the demo-like SLA document, min and median.
enum RenderBenchPDF {
    static func timed(_ repeats: Int, _ body: () throws -> Void) rethrows -> (min: Double, median: Double) {
        var times: [Double] = []
        for _ in 0..<repeats {
            let t = Date()
            try body()
            times.append(Date().timeIntervalSince(t))
        }
        times.sort()
        return (times[0], times[times.count / 2])
    }

    static func line(_ mode: String, _ repeats: Int, _ t: (min: Double, median: Double), _ rest: String) {
        print("render \(mode) runs=\(repeats) min=\(String(format: "%.4f", t.min)) median=\(String(format: "%.4f", t.median)) \(rest)")
    }

    static func report(out: String, html: String?, templates: String, repeats: Int, paper: PDFOptions.Paper) throws {
        let doc = RenderBenchSLA.document()
        if let html {
            let text = try HTMLRenderer(templatesDirectory: URL(fileURLWithPath: templates)).render(doc)
            try Data(text.utf8).write(to: URL(fileURLWithPath: html))
        }
        var last: RenderedPDF?
        let renderer = PDFRenderer(options: PDFOptions(paper: paper))
        let t = try timed(repeats) { last = try renderer.render(doc, to: URL(fileURLWithPath: out)) }
        line("pdf-report", repeats, t, "pages=\(last?.pages ?? 0) bytes=\(last?.bytes ?? 0)")
    }

    static func chart(out: String, repeats: Int) throws {
        let zone = try RenderBenchSLA.document().timeZone()
        let chart = RenderBenchSLA.dailyChart()
        var png = Data()
        let t = try timed(repeats) { png = try ChartImage.png(chart: chart, width: 600, height: 240, scale: 2, timeZone: zone) }
        try png.write(to: URL(fileURLWithPath: out))
        line("png-chart", repeats, t, "bytes=\(png.count)")
    }
}

enum RenderBenchRows {
    static let epoch = 1_790_000_000

    static func document(rows: Int) -> ReportDocument {
        let columns = [
            ReportColumn("id", "Id", .integer), ReportColumn("device", "Device", .text),
            ReportColumn("time", "Time", .timestamp(local: false)), ReportColumn("cpu_pct", "CPU", .decimal(places: 2)),
            ReportColumn("memory_pct", "Memory", .decimal(places: 2)), ReportColumn("availability_pct", "Availability", .percent(places: 3)),
            ReportColumn("downtime_s", "Downtime", .duration), ReportColumn("status", "Status", .text),
        ]
        let source = ReportRowSource(count: rows) { i in
            let k = i % 1000
            return ReportRow([
                .integer(Int64(i + 1)), .text(deviceName(i)), .instant(Date(timeIntervalSince1970: Double(epoch + i * 60))),
                .number(Double(i * 7919 % 10000) / 100), .number(Double(i * 104_729 % 10000) / 100),
                .number(100 - Double(k) / 1000), .number(Double(k * 36)), .text(i % 7 == 0 ? "breached" : "ok"),
            ], breached: i % 7 == 0)
        }
        let start = Date(timeIntervalSince1970: Double(epoch))
        return ReportDocument(
            title: "Render benchmark", kind: "bench", definition: "bench",
            tenant: ReportTenant(id: "bench", slug: "bench", name: "Bench", timeZoneID: "UTC"),
            period: ReportDocument.Period(label: "bench", start: start, end: start.addingTimeInterval(Double(rows * 60))),
            generatedAt: start,
            tables: [ReportTable(name: "rows", title: "Rows", columns: columns, rows: source)])
    }

    static func deviceName(_ i: Int) -> String {
        let n = i % 10000
        let digits = String(n)
        return "device-" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// The baseline: a direct loop appending bytes, knowing the data's shape (no model, no quoting checks).
    static func plainCSV(rows: Int, path: String) throws -> Int {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { throw RenderingError(.io, "cannot open \(path)") }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        var buf: [UInt8] = []
        buf.reserveCapacity(1 << 19)
        var total = 0
        buf += Array("id,device,time,cpu_pct,memory_pct,availability_pct,downtime_s,status\r\n".utf8)
        func two(_ v: Int) { buf.append(UInt8(48 + v / 10)); buf.append(UInt8(48 + v % 10)) }
        func fixed(_ scaled: Int, _ places: Int) {
            var p = 1
            for _ in 0..<places { p *= 10 }
            buf += Array(String(scaled / p).utf8)
            buf.append(46)
            let frac = String(scaled % p)
            for _ in 0..<(places - frac.count) { buf.append(48) }
            buf += Array(frac.utf8)
        }
        for i in 0..<rows {
            let k = i % 1000
            buf += Array(String(i + 1).utf8); buf.append(44)
            buf += Array(deviceName(i).utf8); buf.append(44)
            let t = epoch + i * 60
            let rem = t % 86400
            let date = CivilDate(daysSinceEpoch: Int64(t / 86400))
            buf += Array(String(date.year).utf8); buf.append(45); two(date.month); buf.append(45); two(date.day); buf.append(84)
            two(rem / 3600); buf.append(58); two(rem / 60 % 60); buf.append(58); two(rem % 60); buf.append(90); buf.append(44)
            fixed(i * 7919 % 10000, 2); buf.append(44)
            fixed(i * 104_729 % 10000, 2); buf.append(44)
            fixed(100_000 - k, 3); buf.append(44)
            buf += Array(String(k * 36).utf8); buf.append(44)
            buf += Array((i % 7 == 0 ? "breached" : "ok").utf8)
            buf.append(13); buf.append(10)
            if buf.count >= 1 << 18 { try handle.write(contentsOf: buf); total += buf.count; buf.removeAll(keepingCapacity: true) }
        }
        try handle.write(contentsOf: buf)
        return total + buf.count
    }
}
