import Foundation
import Testing
@testable import Rendering

/// The same sla-monthly report in en-US and de-DE through every renderer: words, number and date
/// forms as a German or US reader expects them (written out by hand), CSV identical in both.
@Suite struct LocalizedReportTests {
    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    /// October 2026 in Europe/Berlin, generated 2026-11-01 13:05 UTC (14:05 in Berlin).
    static func slaMonthly(_ locale: String) throws -> ReportDocument {
        let start = date("2026-09-30T22:00:00Z"), end = date("2026-10-31T23:00:00Z")
        var doc = ReportDocument(
            title: "Monthly availability and SLA", kind: "sla", definition: "sla-monthly",
            tenant: ReportTenant(id: "7d0c5a8e-1b2f-4c3d-9e8f-0a1b2c3d4e5f", slug: "acme", name: "Acme Dental GmbH", timeZoneID: "Europe/Berlin"),
            period: ReportDocument.Period(label: "2026-10", start: start, end: end),
            generatedAt: date("2026-11-01T13:05:00Z"), generator: "ninjait-reports 0.1.0")
        doc.locale = try ReportLocale(parsing: locale)
        var availability = ReportKPI("availability_pct", "Availability", .number(99.831), format: .percent(places: 3), status: .breached)
        availability.hint = "target 99.9 %"
        availability.hintMessage = ReportMessage("sla.hint.target", english: "target 99.9 %", arguments: [.init("target", .number(99.9), .percent(places: 3))])
        doc.kpis = [
            availability,
            ReportKPI("sla_target_pct", "SLA target", .number(99.9), format: .percent(places: 3)),
            ReportKPI("sla_met", "SLA", .text("breached"), format: .text, status: .breached),
            ReportKPI("downtime_s", "Downtime", .integer(8_820), format: .duration),
            ReportKPI("outages", "Outages", .integer(1_234), format: .integer),
        ]
        let devices = ReportTable(name: "devices", title: "Availability per device", columns: [
            ReportColumn("device", "Device", .text), ReportColumn("availability_pct", "Availability", .percent(places: 3)),
            ReportColumn("downtime_s", "Downtime", .duration), ReportColumn("sla", "SLA", .text),
            ReportColumn("device_id", "Device id", .text, inHTML: false),
        ], rows: ReportRowSource([
            ReportRow([.text("fileserver"), .number(99.5), .integer(13_392), .text("breached"), .text("d-1")], breached: true),
            ReportRow([.text("reception-pc"), .number(100), .integer(0), .text("met"), .text("d-2")]),
        ]), html: .top(10, by: "availability_pct", ascending: true))
            .captioned(ReportMessage("sla.caption.devices", english: "Red rows breached the SLA target of 99.9 %.",
                                     arguments: [.init("target", .number(99.9), .percent(places: 3))]))
        let daily = ReportTable(name: "daily", title: "Daily availability", columns: [
            ReportColumn("date", "Date", .date), ReportColumn("availability_pct", "Availability", .percent(places: 3)),
        ], rows: ReportRowSource((1...31).map { ReportRow([.date(ReportDate(year: 2026, month: 10, day: $0)), .number($0 == 7 ? 98.25 : 100)]) }),
            html: .none, chart: TableChart(title: "Daily availability", x: "date", y: ["availability_pct"], unit: "%",
                                           referenceLines: [ChartReferenceLine(label: "target", value: 99.9)]))
        let outages = ReportTable(name: "outages", title: "Outages", columns: [
            ReportColumn("device", "Device", .text), ReportColumn("start", "Start", .timestamp(local: true)),
            ReportColumn("duration_s", "Duration", .duration), ReportColumn("cause", "Cause", .text), ReportColumn("state", "State", .text),
        ], rows: ReportRowSource([
            ReportRow([.text("fileserver"), .instant(date("2026-10-07T08:00:00Z")), .integer(13_392), .text("missed_heartbeats"), .text("")]),
            ReportRow([.text("fileserver"), .instant(date("2026-10-31T13:05:00Z")), .integer(600), .text("reported_offline"), .text("ongoing")]),
        ]), html: .all)
        doc.tables = [devices, daily, outages]
        doc.addNote(ReportMessage("note.period_running", english: "The period is still running: figures cover it up to 2026-10-31T13:05:00Z.",
                                  arguments: [.init("until", .instant(date("2026-10-31T13:05:00Z")), .timestamp(local: true))]))
        return doc
    }

    static func render(_ locale: String, csv: CSVOptions = CSVOptions(compression: .never)) throws -> (dir: URL, files: [RenderedFile]) {
        let dir = try RenderValidationTests.tempDir("i18n-\(locale)")
        let renderer = try ReportRenderer(templatesDirectory: RenderValidationTests.templates, csv: csv)
        return (dir, try renderer.render(try slaMonthly(locale), formats: Set(OutputFormat.allCases), to: dir))
    }

    /// Spaces of any width as one plain space (ICU puts U+00A0 before "%" and U+202F before "PM").
    static func plain(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
    }

    @Test func htmlIsInTheTenantsLanguage() throws {
        let (deDir, _) = try Self.render("de-DE")
        let (usDir, _) = try Self.render("en-US")
        defer { try? FileManager.default.removeItem(at: deDir); try? FileManager.default.removeItem(at: usDir) }
        let de = Self.plain(try String(contentsOf: deDir.appendingPathComponent("sla-monthly_acme_2026-10.html"), encoding: .utf8))
        let us = Self.plain(try String(contentsOf: usDir.appendingPathComponent("sla-monthly_acme_2026-10.html"), encoding: .utf8))
        for expected in ["<html lang=\"de-DE\">", "Monatliche Verfügbarkeit und SLA", "Kennzahlen", "Verfügbarkeit", "SLA-Ziel", "Ausfallzeit",
                         "99,831 %", "Ziel 99,900 %", "2 Std., 27 Min.", "3 Std., 43 Min.", "1.234", "✗ verfehlt", "Oktober 2026",
                         "Erstellt am 01.11.2026, 13:05 UTC von ninjait-reports 0.1.0", "Verfügbarkeit je Gerät", "Ausfälle", "Gerät",
                         "31.10.2026, 14:05", "Heartbeats ausgeblieben", "offline gemeldet", "andauernd", "erfüllt",
                         "Rote Zeilen verfehlen das SLA-Ziel von 99,900 %.", "Hinweise",
                         "Der Zeitraum läuft noch: Die Zahlen reichen bis 31.10.2026, 14:05.", "Tägliche Verfügbarkeit", ">Ziel<"] {
            #expect(de.contains(expected), "German HTML lacks \(expected)")
        }
        for english in ["Key figures", ">Availability<", "Downtime", "breached", "Generated ", "missed_heartbeats", "99.831"] {
            #expect(!de.contains(english), "German HTML still says \(english)")
        }
        // English says what the kind wrote (captions, machine words), in US number and date forms.
        for expected in ["<html lang=\"en-US\">", "Monthly availability and SLA", "Key figures", "99.831%", "target 99.9 %", "2 hr, 27 min",
                         "1,234", "✗ breached", "October 2026", "Generated 11/01/2026, 1:05 PM UTC by ninjait-reports 0.1.0",
                         "10/31/2026, 2:05 PM", "missed_heartbeats", "Red rows breached the SLA target of 99.9 %."] {
            #expect(us.contains(expected), "US HTML lacks \(expected)")
        }
    }

    @Test func pdfTextIsInTheTenantsLanguage() throws {
        let (deDir, _) = try Self.render("de-DE")
        let (usDir, _) = try Self.render("en-US")
        defer { try? FileManager.default.removeItem(at: deDir); try? FileManager.default.removeItem(at: usDir) }
        let de = Self.plain(try PDFTestTools.text(deDir.appendingPathComponent("sla-monthly_acme_2026-10.pdf")))
        let us = Self.plain(try PDFTestTools.text(usDir.appendingPathComponent("sla-monthly_acme_2026-10.pdf")))
        for expected in ["Seite 1 von ", "KENNZAHLEN", "Monatliche Verfügbarkeit und SLA", "99,831 %", "2 Std., 27 Min.", "1.234", "verfehlt",
                         "Oktober 2026", "Erstellt am 01.11.2026, 13:05 UTC", "Verfügbarkeit je Gerät", "Heartbeats ausgeblieben",
                         "Anhang: vollständige Tabellen", "01.10.2026", "31.10.2026, 14:05", "Hinweise"] {
            #expect(de.contains(expected), "German PDF lacks \(expected)")
        }
        for english in ["Page 1", "KEY FIGURES", "Appendix", "breached", "2026-10-01"] {
            #expect(!de.contains(english), "German PDF still says \(english)")
        }
        for expected in ["Page 1 of ", "KEY FIGURES", "99.831%", "2 hr, 27 min", "1,234", "October 2026", "Appendix: full tables", "10/01/2026"] {
            #expect(us.contains(expected), "US PDF lacks \(expected)")
        }
    }

    @Test func xlsxSheetsAndHeadersAreTranslatedAndNumbersStayNumbers() throws {
        let (deDir, _) = try Self.render("de-DE")
        let (usDir, _) = try Self.render("en-US")
        defer { try? FileManager.default.removeItem(at: deDir); try? FileManager.default.removeItem(at: usDir) }
        let script = """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {"sheets": wb.sheetnames, "headers": {ws.title: [c.value for c in ws[1]] for ws in wb.worksheets[1:]},
                   "summary": [[c.value for c in row] for row in wb.worksheets[0].iter_rows(max_col=3)]}
            dev = wb.worksheets[1]
            out["availability"] = [dev.cell(2, 2).value, dev.cell(2, 2).data_type, dev.cell(2, 2).number_format]
            out["downtime"] = [dev.cell(2, 3).value, dev.cell(2, 3).data_type]
            print(json.dumps(out, default=str))
            """
        func read(_ dir: URL) throws -> [String: Any] {
            let r = try PDFTestTools.run("python3", ["-c", script, dir.appendingPathComponent("sla-monthly_acme_2026-10.xlsx").path])
            #expect(r.status == 0, "openpyxl: \(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        }
        let de = try read(deDir), us = try read(usDir)
        #expect(de["sheets"] as? [String] == ["Übersicht", "Verfügbarkeit je Gerät", "Tägliche Verfügbarkeit", "Ausfälle"])
        #expect(us["sheets"] as? [String] == ["Summary", "Availability per device", "Daily availability", "Outages"])
        let deHeaders = de["headers"] as? [String: [String?]] ?? [:]
        #expect(deHeaders["Verfügbarkeit je Gerät"] == ["Gerät", "Verfügbarkeit", "Ausfallzeit", "SLA", "Geräte-ID"])
        #expect(deHeaders["Ausfälle"] == ["Gerät", "Beginn (Europe/Berlin)", "Dauer", "Ursache", "Status"])
        let summary = (de["summary"] as? [[Any]] ?? []).map { $0.map { "\($0)" } }
        let labels = summary.map { $0.first ?? "" }
        for label in ["Kunde", "Zeitraum", "Zeitzone", "Erstellt am (UTC)", "Kennzahlen", "Verfügbarkeit", "Ausfallzeit", "Blatt", "Hinweise"] {
            #expect(labels.contains(label), "Summary lacks \(label): \(labels)")
        }
        #expect(summary.contains { $0.count > 2 && $0[0] == "SLA" && $0[2] == "verfehlt" })
        // The same numeric cells and number formats in both languages: Excel shows them in the reader's locale.
        #expect(de["availability"] as? [AnyHashable] == us["availability"] as? [AnyHashable])
        let availability = de["availability"] as? [Any] ?? []
        #expect(availability.count == 3 && "\(availability[1])" == "n")
        #expect(de["downtime"] as? [AnyHashable] == us["downtime"] as? [AnyHashable])
    }

    @Test func csvIsTheSameBytesInEveryLocaleApartFromTheOptionalBOM() throws {
        let (usDir, us) = try Self.render("en-US")
        let (deDir, de) = try Self.render("de-DE")
        let (frDir, _) = try Self.render("fr-FR")
        let (bomDir, bom) = try Self.render("de-DE", csv: CSVOptions(compression: .never, byteOrderMark: true))
        defer { for d in [usDir, deDir, frDir, bomDir] { try? FileManager.default.removeItem(at: d) } }
        let names = us.filter { $0.format == .csv }.map(\.url.lastPathComponent).sorted()
        #expect(names == ["daily.csv", "devices.csv", "outages.csv", "summary.csv"])
        #expect(de.filter { $0.format == .csv }.map(\.url.lastPathComponent).sorted() == names)
        #expect(bom.filter { $0.format == .csv }.count == names.count)
        for name in names {
            let base = try Data(contentsOf: usDir.appendingPathComponent(name))
            #expect(try Data(contentsOf: deDir.appendingPathComponent(name)) == base, "\(name) differs between en-US and de-DE")
            #expect(try Data(contentsOf: frDir.appendingPathComponent(name)) == base, "\(name) differs between en-US and fr-FR")
            #expect(try Data(contentsOf: bomDir.appendingPathComponent(name)) == Data([0xEF, 0xBB, 0xBF]) + base, "\(name) with BOM")
            #expect(!base.starts(with: [0xEF, 0xBB, 0xBF]), "no BOM by default")
        }
        // Machine-readable: keys, "." decimals, ISO 8601, machine words.
        let devices = String(decoding: try Data(contentsOf: deDir.appendingPathComponent("devices.csv")), as: UTF8.self)
        #expect(devices.hasPrefix("device,availability_pct,downtime_s,sla,device_id\r\n"))
        #expect(devices.contains("fileserver,99.500,13392,breached,d-1"))
        let outages = String(decoding: try Data(contentsOf: deDir.appendingPathComponent("outages.csv")), as: UTF8.self)
        #expect(outages.contains("2026-10-31T13:05:00Z") && outages.contains("missed_heartbeats"))
    }
}
