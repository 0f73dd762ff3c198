import Connectors
import Foundation
import ReportingTestSupport
import Testing
@testable import Reporting

/// Bad service calendars, stored in the real PostgreSQL, rejected by the CLI binary: `check`
/// lists every one (tenant or shared, name, field) with exit 64, and `run` stops with exit 64
/// naming the calendar; definition options are validated with file and line.
@Suite("Service calendars: validation", .serialized)
struct ServiceCalendarValidationTests {
    @Test func definitionOptionsParseAndRejectBadValues() throws {
        let loader = DefinitionLoader(directory: "/nonexistent", templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates").path)
        let head = "name: x\nkind: sla\nschedule: daily\nperiod: previous-day\nformats: [csv]\noptions:\n"
        let ok = try loader.parse(head + "  service_calendar: business-hours\n  max_outages: 3\n", file: "x.yaml")
        #expect(ok.options.serviceCalendar == "business-hours" && ok.options.maxOutages == 3)
        let defaults = try loader.parse(head + "  service_calendar: null\n  max_outages: null\n", file: "x.yaml")
        #expect(defaults.options.serviceCalendar == nil && defaults.options.maxOutages == nil)
        #expect(try loader.parse(head + "  service_calendar: 24x7\n", file: "x.yaml").options.serviceCalendar == "24x7")
        for bad in ["  max_outages: -1\n", "  max_outages: two\n", "  service_calendar: ''\n"] {
            do {
                _ = try loader.parse(head + "  top_n: 5\n" + bad, file: "x.yaml")
                Issue.record("accepted \(bad)")
            } catch let e as ConfigurationError {
                #expect("\(e)".contains("x.yaml") && "\(e)".contains(":8"), "file and line in \(e)")
            }
        }
    }

    @Test func checkListsEveryBadCalendarAndRunExits64() throws {
        try FleetFixture.removeOldTestFleets()
        let servers = Servers(config: try TestEnvironment.configuration())
        let pg = try servers.postgres()
        let prefix = "zz-test-calbad\(UInt32.random(in: 0...UInt32.max))-"
        let shared = prefix + "shared"
        defer {
            try? FleetFixture.removeOldTestFleets()
            _ = try? pg.query("DELETE FROM reporting.service_calendars WHERE organization_id IS NULL AND name = $1", [shared], purpose: "test: clean up")
        }
        func tenant(_ name: String, calendar: String?) throws -> String {
            let id = UUID().uuidString.lowercased()
            try pg.query("INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)", [id, name, prefix + name], purpose: "test: tenant")
            try pg.query("INSERT INTO reporting.tenant_settings (organization_id, timezone, service_calendar) VALUES ($1, 'Europe/Berlin', $2)",
                         [id, calendar], purpose: "test: settings")
            return id
        }
        func calendar(_ org: String?, _ name: String, _ weekly: String, _ holidays: [String] = []) throws {
            try pg.query("INSERT INTO reporting.service_calendars (organization_id, name, weekly, holidays) VALUES ($1::uuid, $2, $3::jsonb, $4::date[])",
                         [org, name, weekly, holidays], purpose: "test: calendar")
        }
        let a = try tenant("a", calendar: "midnight")
        try calendar(a, "midnight", #"{"mon": [["18:00","24:00"]]}"#)
        try calendar(a, "weekday", #"{"monday": [["08:00","18:00"]]}"#)
        try calendar(a, "time", #"{"tue": [["8:00","18:7"]]}"#)
        try calendar(a, "overlap", #"{"wed": [["08:00","12:00"], ["11:00","18:00"]]}"#)
        _ = try tenant("b", calendar: "nope")
        try calendar(nil, shared, #"{"fri": [["25:00","18:00"]]}"#)

        let check = try TestEnvironment.run(["check"])
        #expect(check.status == 64, "\(check.stdout)\n\(check.stderr)")
        let lines = check.stdout.split(separator: "\n").filter { $0.hasPrefix("calendars") }.map(String.init)
        func listed(_ parts: String...) -> Bool { lines.contains { l in parts.allSatisfy { l.contains($0) } } }
        #expect(listed("tenant \(prefix)a", "\"midnight\"", "weekly.mon[0][1]", "24:00"), "\(lines)")
        #expect(listed("tenant \(prefix)a", "\"weekday\"", "weekly.monday", "unknown weekday"), "\(lines)")
        #expect(listed("tenant \(prefix)a", "\"time\"", "weekly.tue[0][1]"), "\(lines)")
        #expect(listed("tenant \(prefix)a", "\"overlap\"", "weekly.wed[1]", "overlaps"), "\(lines)")
        #expect(listed("tenant \(prefix)b", "\"nope\"", "tenant_settings.service_calendar", "unknown"), "\(lines)")
        #expect(listed("shared", "\"\(shared)\"", "weekly.fri[0][0]"), "\(lines)")

        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try TestEnvironment.run(["run", "sla", "--tenant", prefix + "a", "--period", "2026-08", "--no-publish", "--out", out.path])
        #expect(run.status == 64, "\(run.stdout)\n\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("tenant \(prefix)a") && (run.stdout + run.stderr).contains("weekly.mon[0][1]"))
        let unknown = try TestEnvironment.run(["run", "sla", "--tenant", prefix + "b", "--period", "2026-08", "--no-publish", "--out", out.path])
        #expect(unknown.status == 64, "\(unknown.stdout)\n\(unknown.stderr)")
        #expect((unknown.stdout + unknown.stderr).contains("\"nope\""))
        #expect(FileManager.default.enumerator(atPath: out.path)?.nextObject() == nil, "no report written")

        // Fixed calendars: check is clean again for these tenants.
        try pg.query("DELETE FROM reporting.service_calendars WHERE organization_id = $1::uuid AND name <> 'midnight'", [a], purpose: "test: fix")
        try pg.query("UPDATE reporting.service_calendars SET weekly = '{\"mon\": [[\"18:00\",\"00:00\"]]}' WHERE organization_id = $1::uuid", [a], purpose: "test: fix")
        try pg.query("DELETE FROM reporting.service_calendars WHERE organization_id IS NULL AND name = $1", [shared], purpose: "test: fix")
        try pg.query("DELETE FROM organizations WHERE slug = $1", [prefix + "b"], purpose: "test: fix")
        let fixed = try TestEnvironment.run(["check"])
        #expect(!fixed.stdout.contains("calendars   invalid"), "\(fixed.stdout)")
        #expect(fixed.stdout.contains("calendars   ok"))
    }
}
