import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting
import Rendering

/// The report language: the definition's `locale` option (bad: exit 64 with file and line), the
/// tenant's `tenant_settings.locale` (bad: a warning and English, never a failed report), `csv_bom`.
@Suite("Report language settings")
struct LocaleSettingsTests {
    let loader = DefinitionLoader(directory: TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                                  templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates").path)
    static let head = "name: lang-def\ntitle: Test\nkind: sla\nschedule: daily\nperiod: previous-day\nformats: [html, csv]\noptions:\n"

    @Test func localeAndBOMOptionsAreRead() throws {
        let d = try loader.parse(Self.head + "  locale: de-de\n  csv_bom: true\n", file: "lang.yaml")
        #expect(d.options.locale?.identifier == "de-DE")
        #expect(d.options.csvBOM)
        let plain = try loader.parse(Self.head + "  top_n: 5\n", file: "lang.yaml")
        #expect(plain.options.locale == nil && !plain.options.csvBOM)
    }

    @Test(arguments: [("xx-YY", "unknown language 'xx'"), ("de_DE", "expected language"), ("de-QQ", "unknown region"), ("''", "empty")])
    func badLocaleNamesFileAndLine(value: String, reason: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try loader.parse(Self.head + "  top_n: 5\n  locale: \(value)\n", file: "lang.yaml")
        }
        #expect(error?.file == "lang.yaml")
        #expect(error?.line == 9, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func badLocaleInADefinitionExits64WithFileAndLine() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try (Self.head + "  locale: klingon-KX\n").write(to: dir.appendingPathComponent("lang.yaml"), atomically: true, encoding: .utf8)
        let env = ["NINJAIT_REPORTS_DIR": dir.path, "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
        let check = try TestEnvironment.run(["check"], environment: env)
        #expect(check.status == 64)
        #expect(check.stdout.contains("lang.yaml:8: locale: 'klingon-KX' is not a locale"), "\(check.stdout)")
        let run = try TestEnvironment.run(["run", "lang-def", "--no-publish"], environment: env)
        #expect(run.status == 64, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("lang.yaml:8"), "\(run.stderr)")
    }

    @Test func checkListsTheCatalogsAndTheirMissingKeys() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = TestEnvironment.repoRoot.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("i18n"), withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasSuffix(".mustache") {
            try FileManager.default.copyItem(at: templates.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: templates.appendingPathComponent("i18n/en.yaml"), to: dir.appendingPathComponent("i18n/en.yaml"))
        try "kpi:\n  availability_pct: Tillgänglighet\n".write(to: dir.appendingPathComponent("i18n/sv.yaml"), atomically: true, encoding: .utf8)
        let env = ["NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path, "NINJAIT_TEMPLATES_DIR": dir.path]
        let check = try TestEnvironment.run(["check"], environment: env)
        #expect(check.stdout.contains("catalogs    ok           en, sv"), "\(check.stdout)")
        let line = check.stdout.split(separator: "\n").first { $0.hasPrefix("catalog sv") }.map(String.init) ?? ""
        let keys = line.split(separator: ":", maxSplits: 1).last.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        #expect(keys.contains("kpi.downtime_s") && keys.contains("pdf.page_of") && !keys.contains("kpi.availability_pct"), "\(line)")
        let shipped = try TestEnvironment.run(["check"], environment: ["NINJAIT_TEMPLATES_DIR": templates.path,
                                                                       "NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path])
        #expect(shipped.stdout.contains("catalogs    ok           de, en, es, fr, nl"), "\(shipped.stdout)")
        #expect(!shipped.stdout.contains("catalog de "), "the shipped catalogs are complete")
    }

    @Test func tenantLocaleIsReadAndABadOneIsAWarningAndEnglish() throws {
        let fixture = try FleetFixture.shared.get()
        let german = fixture.tenants[0], other = fixture.tenants[2]
        #expect(german.localeID == "de-DE", "the seeded Berlin tenant is German")
        let pg = try fixture.servers.postgres()
        let before = try pg.query("SELECT locale FROM reporting.tenant_settings WHERE organization_id = $1", [other.id], purpose: "test").string(0, 0)
        try pg.query("UPDATE reporting.tenant_settings SET locale = 'xx-Nowhere' WHERE organization_id = $1", [other.id], purpose: "test: bad locale")
        defer { _ = try? pg.query("UPDATE reporting.tenant_settings SET locale = $2 WHERE organization_id = $1", [other.id, before ?? "en-US"], purpose: "test") }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try TestEnvironment.run(["run", "sla", "--tenant", german.slug, "--tenant", other.slug, "--period", "2026-10-26",
                                              "--format", "html,csv", "--no-publish", "--force"], environment: ["NINJAIT_OUT_DIR": out.path])
        #expect(result.status == 0, "never a failed night: \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("level=warning msg=\"unknown tenant locale, English used\" tenant=\(other.slug)"), "\(result.stderr)")
        #expect(result.stderr.contains("locale=xx-Nowhere"), "\(result.stderr)")
        func html(_ t: Tenant) throws -> String {
            try String(contentsOf: out.appendingPathComponent("\(t.slug)/sla/2026-10-26/sla_\(t.slug)_2026-10-26.html"), encoding: .utf8)
        }
        let english = try html(other)
        #expect(english.contains("<html lang=\"en-US\">") && english.contains("Key figures"))
        let deutsch = try html(german)
        #expect(deutsch.contains("<html lang=\"de-DE\">") && deutsch.contains("Kennzahlen") && deutsch.contains("Verfügbarkeit"))
        #expect(!result.stderr.contains("tenant=\(german.slug) definition"), "no warning for a good locale")
    }

    @Test func definitionLocaleOverridesTheTenantsAndCSVBOMIsWritten() throws {
        let fixture = try FleetFixture.shared.get()
        let german = fixture.tenants[0]
        let dir = try TestEnvironment.temporaryDirectory(), out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: out) }
        try "name: sla-fr\ntitle: Disponibilité\nkind: sla\nschedule: daily\nperiod: previous-day\nformats: [html, csv]\noptions:\n  locale: fr-FR\n  csv_bom: true\n"
            .write(to: dir.appendingPathComponent("sla-fr.yaml"), atomically: true, encoding: .utf8)
        let result = try TestEnvironment.run(["run", "sla-fr", "--tenant", german.slug, "--period", "2026-10-26", "--no-publish", "--force"],
                                             environment: ["NINJAIT_OUT_DIR": out.path, "NINJAIT_REPORTS_DIR": dir.path,
                                                           "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let folder = out.appendingPathComponent("\(german.slug)/sla-fr/2026-10-26")
        let page = try String(contentsOf: folder.appendingPathComponent("sla-fr_\(german.slug)_2026-10-26.html"), encoding: .utf8)
        #expect(page.contains("<html lang=\"fr-FR\">") && page.contains("Indicateurs clés") && page.contains("Disponibilité"))
        let csv = try Data(contentsOf: folder.appendingPathComponent("devices.csv"))
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]), "csv_bom: true writes a UTF-8 BOM")
        #expect(String(decoding: csv.dropFirst(3), as: UTF8.self).hasPrefix("device,type,availability_pct,"))
    }
}
