import Analytics
import Foundation
import Rendering
import Testing
import ReportingTestSupport
@testable import Reporting

/// Definitions and the renderers share one format type: every format a definition may list is written.
@Suite("Definition formats")
struct DefinitionFormatTests {
    let loader = DefinitionLoader(directory: TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                                  templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates").path)

    @Test(arguments: OutputFormat.allCases)
    func everyDefinitionFormatRenders(format: OutputFormat) throws {
        let yaml = "name: one-format\nkind: sla\nschedule: daily\nperiod: previous-day\nformats: [\(format.rawValue.uppercased())]\n"
        let definition = try loader.parse(yaml, file: "one-format.yaml")
        #expect(definition.formats == [format])

        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let renderer = try ReportRenderer(templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates"))
        let files = try renderer.render(Self.document(), formats: Set(definition.formats), to: dir)
        #expect(!files.isEmpty, "\(format) wrote nothing")
        #expect(files.allSatisfy { $0.format == format && $0.bytes > 0 }, "\(files)")
    }

    @Test func definitionsDefaultToEveryFormat() throws {
        let definition = try loader.parse("name: all-formats\nkind: sla\nschedule: daily\nperiod: previous-day\n", file: "all.yaml")
        #expect(Set(definition.formats) == Set(OutputFormat.allCases))
        #expect(ReportDefinition.defaults(for: .alerts).formats == OutputFormat.allCases)
    }

    /// A small valid document: one KPI and one table.
    static func document() throws -> ReportDocument {
        let period = try ReportPeriod.parse("2026-10-05", relativeTo: Date(), in: TimeZone(identifier: "Europe/Berlin")!)
        return ReportDocument(
            title: "Formats", kind: "sla", definition: "one-format",
            tenant: ReportTenant(id: "00000000-0000-4000-8000-000000000001", slug: "acme", name: "Acme", timeZoneID: "Europe/Berlin"),
            period: ReportDocument.Period(label: period.label, start: period.start, end: period.end),
            generatedAt: Date(timeIntervalSince1970: 1_800_000_000),
            kpis: [ReportKPI("devices", "Devices", .integer(1), format: .integer)],
            tables: [ReportTable(name: "devices", title: "Devices", columns: [ReportColumn("name", "Name", .text)],
                                 rows: ReportRowSource([ReportRow([.text("host-1")])]))])
    }
}
