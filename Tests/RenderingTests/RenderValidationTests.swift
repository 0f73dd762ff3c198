import Foundation
import Testing
@testable import Rendering

/// Renders sample documents to all formats and has real clients (Python csv, pandas, openpyxl,
/// html.parser) open them: Tests/rendering-validate/validate_outputs.py.
@Suite struct RenderValidationTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repoRoot.appendingPathComponent("templates")

    static func tempDir(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rendering-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func hostileDocument() -> ReportDocument {
        var doc = SampleReports.sla(hostile: true)
        let rows = SampleReports.hostile.enumerated().map { i, s in
            ReportRow([.text(s), .number(i % 2 == 0 ? -Double(i) - 0.25 : Double(i)), .text(i % 3 == 0 ? "-\(i)" : "ok")], breached: i % 4 == 0)
        }
        doc.tables.append(ReportTable(name: "hostile", title: "Hostile [values]: *?/\\ and more", columns: [
            ReportColumn("value", "Value", .text), ReportColumn("amount", "Amount", .decimal(places: 2)), ReportColumn("flag", "Flag", .text),
        ], rows: ReportRowSource(rows), html: .all))
        return doc
    }

    static func runPython(_ script: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", repoRoot.appendingPathComponent("Tests/rendering-validate/\(script)").path] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func hostileValuesOpenCleanlyInRealClients() throws {
        let dir = try Self.tempDir("hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = Self.hostileDocument()
        let renderer = try ReportRenderer(templatesDirectory: Self.templates, csv: CSVOptions(compression: .never))
        let files = try renderer.render(doc, formats: Set(OutputFormat.allCases), to: dir)
        #expect(files.contains { $0.url.lastPathComponent == "sla-monthly_acme_2026-10.xlsx" })
        // The same devices table gzip-compressed, and an XLSX whose tables overflow 10-row sheets.
        let zone = try doc.timeZone()
        _ = try CSVWriter().write(doc.tables[0], timeZone: zone, to: dir.appendingPathComponent("devices-gz.csv.gz"), gzip: true)
        _ = try XLSXRenderer(options: XLSXOptions(constantMemory: .always, maxRowsPerSheet: 11))
            .render(doc, to: dir.appendingPathComponent("split.xlsx"))
        _ = try XLSXRenderer(options: XLSXOptions(overflow: .truncate, maxRowsPerSheet: 11))
            .render(doc, to: dir.appendingPathComponent("truncated.xlsx"))

        var csvTables: [[String: Any]] = []
        for t in doc.tables { csvTables.append(try ExpectedJSON.table(t, file: "\(t.name).csv", sheet: nil)) }
        var gz = try ExpectedJSON.table(doc.tables[0], file: "devices-gz.csv.gz", sheet: nil)
        gz["gzip"] = true
        csvTables.append(gz)
        let sheetNames = ["Summary", "Devices", "Daily availability", "Outages", "Hostile _values__ ____ and more", "Charts"]
        var xlsxTables: [[String: Any]] = []
        for (i, t) in doc.tables.enumerated() { xlsxTables.append(try ExpectedJSON.table(t, file: nil, sheet: sheetNames[i + 1])) }
        let expected: [String: Any] = [
            "time_zone": doc.tenant.timeZoneID,
            "title": doc.title,
            "kpis": doc.kpis.map { ["key": $0.key, "label": $0.label, "value": ExpectedJSON.value($0.value)] },
            "csv": csvTables,
            "xlsx": ["file": "sla-monthly_acme_2026-10.xlsx", "sheets": sheetNames, "tables": xlsxTables,
                     "chart_count": 2, "chart_sheets": ["Daily availability", "Charts"]],
            "xlsx_split": ["file": "split.xlsx", "sheets_prefix": ["Summary", "Devices", "Devices (2)", "Devices (3)", "Devices (4)"],
                           "devices_rows": 36, "note": "continued on sheets"],
            "xlsx_truncated": ["file": "truncated.xlsx", "note": "truncated at 10 rows"],
            "html": ["file": "sla-monthly_acme_2026-10.html", "must_contain": SampleReports.hostile.filter { $0.count < 200 }
                     + ["Acme <script>alert('x')</script> \u{202E}Dental", "=cmd|' /C calc'!A0", "Note with <b>markup</b> & \"quotes\""]],
        ]
        try ExpectedJSON.write(expected, to: dir.appendingPathComponent("expected.json"))
        let (status, output) = try Self.runPython("validate_outputs.py", [dir.path])
        #expect(status == 0, "validate_outputs.py failed (exit \(status)):\n\(output)")
    }

    @Test func sameDocumentRendersByteIdentical() throws {
        let a = try Self.tempDir("det-a"), b = try Self.tempDir("det-b")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        let renderer = try ReportRenderer(templatesDirectory: Self.templates, csv: CSVOptions(compression: .always))
        let fa = try renderer.render(Self.hostileDocument(), formats: Set(OutputFormat.allCases), to: a)
        let fb = try renderer.render(Self.hostileDocument(), formats: Set(OutputFormat.allCases), to: b)
        #expect(fa.map(\.url.lastPathComponent) == fb.map(\.url.lastPathComponent))
        for (x, y) in zip(fa, fb) {
            let dx = try Data(contentsOf: x.url), dy = try Data(contentsOf: y.url)
            #expect(dx == dy, "\(x.url.lastPathComponent) differs between two renders")
            #expect(dx.count == x.bytes)
        }
    }

    /// Writes the realistic and the hostile sample to `.local/validate-sample/{sla,hostile}` (or
    /// $RENDERING_SAMPLES_DIR), where `scripts/test` has `scripts/validate` open them in LibreOffice and Chromium.
    @Test func samplesForScriptsValidate() throws {
        let root = ProcessInfo.processInfo.environment["RENDERING_SAMPLES_DIR"].map { URL(fileURLWithPath: $0) }
            ?? Self.repoRoot.appendingPathComponent(".local/validate-sample")
        let dir = root.appendingPathComponent("sla"), hostileDir = root.appendingPathComponent("hostile")
        for d in [dir, hostileDir] {
            try? FileManager.default.removeItem(at: d)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        }
        let renderer = try ReportRenderer(templatesDirectory: Self.templates)
        let files = try renderer.render(SampleReports.sla(hostile: false), formats: Set(OutputFormat.allCases), to: dir)
        _ = try renderer.render(Self.hostileDocument(), formats: [.html, .xlsx], to: hostileDir)
        #expect(files.count == 7, "html, pdf, xlsx and four CSV tables")
        #expect(files.contains { $0.format == .pdf && $0.url.lastPathComponent == "sla-monthly_acme_2026-10.pdf" && $0.bytes > 10_000 })
        let html = try String(contentsOf: dir.appendingPathComponent("sla-monthly_acme_2026-10.html"), encoding: .utf8)
        #expect(html.contains("Monthly availability and SLA"))
        #expect(!html.lowercased().contains("<script"))
    }
}
