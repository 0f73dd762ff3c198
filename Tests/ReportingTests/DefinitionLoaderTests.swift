import Analytics
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

@Suite("Report definitions")
struct DefinitionLoaderTests {
    let loader = DefinitionLoader(directory: TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                                  templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates").path)

    @Test func shippedDefinitionsAllLoad() throws {
        let names = try loader.loadAll().map(\.name)
        #expect(names == ["alerts-weekly", "inventory-monthly", "performance-monthly", "performance-weekly",
                          "sla-daily", "sla-monthly", "sla-weekly"])
        let sla = try loader.definition(named: "sla-monthly")
        #expect(sla.kind == .sla)
        #expect(sla.schedule == .monthly(1))
        #expect(sla.options.outageMinSeconds == 180)
        #expect(sla.options.chartPoints == 400)
        #expect(try loader.definition(named: "performance").kind == .performance)
    }

    /// Each field wrong in turn: the error names the file, the line of that field and the reason.
    @Test(arguments: [
        ("kind: slaa", 3, "unknown kind"),
        ("schedule: fortnightly", 4, "bad schedule"),
        ("schedule: monthly:31", 4, "bad schedule"),
        ("schedule: weekly:funday", 4, "bad schedule"),
        ("period: last-decade", 5, "bad period"),
        ("period: 2026-13", 5, "bad period"),
        ("formats: [html, docx]", 6, "unknown format"),
        ("template: nope", 7, "template 'nope' not found"),
        ("colour: red", 7, "unknown key 'colour'"),
        ("options: { outage_min: 3 minutes }", 7, "bad duration"),
        ("options: { chart_points: 2 }", 7, "chart_points"),
        ("options: { sla_target_pct: 120 }", 7, "sla_target_pct"),
        ("options: { flavour: x }", 7, "unknown key 'flavour'"),
    ])
    func badFieldIsRejectedWithFileLineReason(replacement: String, line: Int, reason: String) throws {
        var lines = ["name: test-def", "title: Test", "kind: sla", "schedule: daily", "period: previous-day", "formats: [html, csv]"]
        let key = replacement.split(separator: ":").first.map(String.init)!
        if let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) { lines[i] = replacement } else { lines.append(replacement) }
        let error = #expect(throws: ConfigurationError.self) { try loader.parse(lines.joined(separator: "\n") + "\n", file: "test.yaml") }
        #expect(error?.file == "test.yaml")
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func periodIsParsedOnceIntoATypedSpec() throws {
        #expect(try loader.definition(named: "sla-monthly").period == .previousMonth)
        #expect(ReportDefinition.defaults(for: .sla).period == .previousMonth)
        let fixed = try loader.parse("name: fixed\nkind: sla\nschedule: daily\nperiod: 2026-W43\n", file: "fixed.yaml")
        #expect(fixed.period == (try PeriodSpec.isoWeek(year: 2026, week: 43)))
    }

    /// A bad period in a file on disk: the error names that file and the period's line, never `--period`.
    @Test func badPeriodInAFileNamesTheFileAndLine() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("broken-period.yaml").path
        try "# a comment\nname: broken-period\nkind: sla\nschedule: daily\n\nperiod: 2026-13\n".write(toFile: path, atomically: true, encoding: .utf8)
        let files = DefinitionLoader(directory: dir.path, templatesDirectory: loader.templatesDirectory)
        let error = #expect(throws: ConfigurationError.self) { try files.loadAll() }
        #expect(error?.file == path)
        #expect(error?.line == 6)
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("\(path):6: bad period '2026-13': "), "\(text)")
        #expect(text.contains("month 13"), "\(text)")
        #expect(!text.contains("--period"), "\(text)")
    }

    @Test func schedulesAreDueOnTheRightLocalDates() throws {
        let monday = try CivilDate(year: 2026, month: 11, day: 23)
        #expect(ReportSchedule.weekly(1).isDue(on: monday))
        #expect(!ReportSchedule.weekly(1).isDue(on: monday.adding(days: 1)))
        #expect(ReportSchedule.monthly(1).isDue(on: try CivilDate(year: 2026, month: 12, day: 1)))
        #expect(ReportSchedule.monthly(-1).isDue(on: try CivilDate(year: 2028, month: 2, day: 29)))
        #expect(!ReportSchedule.monthly(-1).isDue(on: try CivilDate(year: 2028, month: 2, day: 28)))
        #expect(ReportSchedule.daily.isDue(on: monday))
    }
}
