import Foundation
import Testing
@testable import Rendering

/// Locales, catalogs and locale-aware formatting. Expected strings are CLDR's forms written out by
/// hand (what a German, French or US reader expects), not the code's own output.
@Suite struct LocalizationTests {
    static let catalogDirectory = RenderValidationTests.templates

    static func catalogs() throws -> MessageCatalogs {
        try MessageCatalogs.load(templatesDirectory: catalogDirectory)
    }

    static func formatter(_ tag: String, zone: String = "Europe/Berlin") throws -> ValueFormatter {
        try catalogs().localization(for: try ReportLocale(parsing: tag)).formatter(timeZone: TimeZone(identifier: zone)!)
    }

    /// The shipped catalogs: every key of English in every other one, the same `{arguments}`, and
    /// the built-in English words equal to `en.yaml`.
    @Test func everyShippedCatalogHasEveryEnglishKey() throws {
        let set = try Self.catalogs()
        #expect(Set(set.catalogs.keys) == ["en", "de", "fr", "es", "nl"])
        let english = try #require(set.catalogs["en"]).messages
        for (key, text) in BuiltInMessages.english {
            #expect(english[key] == text, "en.yaml \(key) differs from the built-in English word")
        }
        #expect(set.missingKeys().isEmpty, "missing keys: \(set.missingKeys())")
        func arguments(_ s: String) -> Set<String> {
            Set(s.matches(of: /\{([a-z_]+)\}/).map { String($0.output.1) })
        }
        for language in ["de", "fr", "es", "nl"] {
            let catalog = try #require(set.catalogs[language]).messages
            for (key, text) in english {
                let translated = try #require(catalog[key], "\(language).yaml lacks \(key)")
                #expect(!translated.isEmpty, "\(language).yaml \(key) is empty")
                // The same arguments; `{x_lower}` and `{x}` are one argument (lower-cased or as given).
                let base = { (s: Set<String>) in Set(s.map { $0.hasSuffix("_lower") ? String($0.dropLast(6)) : $0 }) }
                #expect(base(arguments(translated)) == base(arguments(text)), "\(language).yaml \(key) has other {arguments} than English")
            }
            #expect(Set(catalog.keys).subtracting(english.keys).isEmpty, "\(language).yaml has keys English does not know")
        }
        // The words an IT manager uses, not literal glosses.
        #expect(set.catalogs["de"]?.messages["kpi.downtime_s"] == "Ausfallzeit")
        #expect(set.catalogs["de"]?.messages["column.maintenance_s"] == "Wartungsfenster")
        #expect(set.catalogs["fr"]?.messages["kpi.availability_pct"] == "Disponibilité")
        #expect(set.catalogs["fr"]?.messages["kpi.downtime_s"] == "Temps d'arrêt")
        #expect(set.catalogs["fr"]?.messages["column.maintenance_s"] == "Fenêtre de maintenance")
        #expect(set.catalogs["es"]?.messages["kpi.availability_pct"] == "Disponibilidad")
        #expect(set.catalogs["nl"]?.messages["kpi.availability_pct"] == "Beschikbaarheid")
        #expect(set.catalogs["nl"]?.messages["kpi.downtime_s"] == "Uitvaltijd")
        #expect(set.catalogs["nl"]?.messages["column.maintenance_s"] == "Onderhoudsvenster")
    }

    @Test func missingKeysFallBackToEnglishAndAreListed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("i18n-fallback-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("i18n"), withIntermediateDirectories: true)
        try "kpi:\n  availability_pct: Availability\n  downtime_s: Downtime\n".write(to: dir.appendingPathComponent("i18n/en.yaml"), atomically: true, encoding: .utf8)
        try "kpi:\n  availability_pct: Verfügbarkeit\n".write(to: dir.appendingPathComponent("i18n/de.yaml"), atomically: true, encoding: .utf8)
        try "kpi:\n  availability_pct: Verfügbarkeit (CH)\n".write(to: dir.appendingPathComponent("i18n/de-CH.yaml"), atomically: true, encoding: .utf8)
        let set = try MessageCatalogs.load(templatesDirectory: dir)
        let de = set.localization(for: try ReportLocale(parsing: "de-DE"))
        #expect(de.text("kpi.availability_pct") == "Verfügbarkeit")
        #expect(de.text("kpi.downtime_s") == "Downtime")
        #expect(de.text("pdf.page_of", ["page": "1", "pages": "2"]) == "Page 1 of 2", "built-in English under en.yaml")
        #expect(set.localization(for: try ReportLocale(parsing: "de-CH")).text("kpi.availability_pct") == "Verfügbarkeit (CH)")
        #expect(set.localization(for: try ReportLocale(parsing: "fr-FR")).text("kpi.availability_pct") == "Availability")
        let missing = set.missingKeys()
        #expect(missing["de"]?.contains("kpi.downtime_s") == true)
        #expect(missing["de"]?.contains("kpi.availability_pct") == false)
        #expect(missing["de-CH"]?.contains("kpi.availability_pct") == false)
        #expect(missing["de-CH"]?.contains("kpi.downtime_s") == true)

        // A catalog that is not a map of strings names its file and line.
        try "kpi:\n  availability_pct: [a, b]\n".write(to: dir.appendingPathComponent("i18n/nl.yaml"), atomically: true, encoding: .utf8)
        #expect { try MessageCatalogs.load(templatesDirectory: dir) } throws: { error in
            "\(error)".contains("nl.yaml:2")
        }
    }

    @Test func localesAreParsedStrictly() throws {
        #expect(try ReportLocale(parsing: "de-DE").identifier == "de-DE")
        #expect(try ReportLocale(parsing: " fr-fr ").identifier == "fr-FR")
        #expect(try ReportLocale(parsing: "sr-latn-rs").identifier == "sr-Latn-RS")
        #expect(try ReportLocale(parsing: "es-419").identifier == "es-419")
        #expect(try ReportLocale(parsing: "nl").identifier == "nl")
        for bad in ["", "de_DE", "xx-YY", "de-XX", "english", "de-DE-x-private", "d", "12-DE", "de--DE", "de-DE-1996"] {
            #expect(throws: ReportLocale.ParseError.self, "\(bad)") { try ReportLocale(parsing: bad) }
        }
        #expect(try ReportLocale(parsing: "en-US").usesLetterPaper && ReportLocale(parsing: "fr-CA").usesLetterPaper)
        #expect(try !ReportLocale(parsing: "en-GB").usesLetterPaper && !ReportLocale(parsing: "de-DE").usesLetterPaper)
    }

    @Test func numbersDatesAndDurationsFollowTheLocale() throws {
        let nbsp = "\u{00A0}", nnbsp = "\u{202F}"
        let de = try Self.formatter("de-DE"), us = try Self.formatter("en-US"), fr = try Self.formatter("fr-FR")
        #expect(de.percent(99.831, places: 3) == "99,831\(nbsp)%")
        #expect(us.percent(99.831, places: 3) == "99.831%")
        #expect(fr.percent(99.831, places: 3) == "99,831\(nbsp)%")
        #expect(de.decimal(12_345.675, places: 2) == "12.345,68", "half away from zero, German grouping")
        #expect(us.decimal(12_345.675, places: 2) == "12,345.68")
        #expect(fr.decimal(12_345.5, places: 1) == "12\(nnbsp)345,5")
        #expect(de.integer(1_234_567) == "1.234.567")
        // 2026-11-01 13:05 UTC is 14:05 in Berlin (CET since 25 October).
        let t = ISO8601DateFormatter().date(from: "2026-11-01T13:05:00Z")!
        #expect(de.dateTime(t) == "01.11.2026, 14:05")
        #expect(us.dateTime(t) == "11/01/2026, 2:05\(nnbsp)PM" || us.dateTime(t) == "11/01/2026, 2:05 PM")
        #expect(de.dateTime(t, local: false) == "01.11.2026, 13:05")
        #expect(de.date(ReportDate(year: 2026, month: 11, day: 1)) == "01.11.2026")
        #expect(fr.date(ReportDate(year: 2026, month: 11, day: 1)) == "01/11/2026")
        #expect(de.monthTitle(t) == "November 2026" && fr.monthTitle(t) == "novembre 2026")
        #expect(de.dayTitle(t) == "Sonntag, 1. November 2026")
        #expect(de.duration(8_820) == "2 Std., 27 Min.")
        #expect(us.duration(8_820) == "2 hr, 27 min")
        #expect(de.duration(8_879) == "2 Std., 27 Min.", "minutes are cut, not rounded up")
        #expect(de.duration(-90) == "−1 Min., 30 Sek.")
        #expect(de.fileSize(4_812_345) == "4,8 MB" && us.fileSize(4_812_345) == "4.8 MB")
        #expect(fr.fileSize(4_812_345) == "4,8\(nnbsp)Mo")
        #expect(de.decimal(-0.001, places: 2) == "0,00" && de.decimal(0.125, places: 2) == "0,13")
        #expect(de.text(.missing, .percent(places: 3)) == "—")
    }

    @Test func messagesFillTheirArguments() throws {
        let l = try Self.catalogs().localization(for: try ReportLocale(parsing: "de-DE"))
        let f = l.formatter(timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let m = ReportMessage("sla.caption.devices", english: "Red rows breached the SLA target of 99.9 %.",
                              arguments: [.init("target", .number(99.9), .percent(places: 3))])
        #expect(l.text(m, formatter: f) == "Rote Zeilen verfehlen das SLA-Ziel von 99,900\u{00A0}%. Geräte ganz ohne Heartbeat gelten als ausgefallen.")
        #expect(l.text(ReportMessage("no.such.key", english: "as the kind wrote it"), formatter: f) == "as the kind wrote it")
        #expect(ReportLocalization.fill("{a} {{b}} {c}", ["a": "1"]) == "1 {b} {c}")
    }
}
