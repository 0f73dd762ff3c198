import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

@Suite("CLI against the real servers", .serialized)
struct CLIIntegrationTests {
    @Test func migrateIsIdempotentAndCheckPasses() throws {
        let first = try TestEnvironment.run(["migrate"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try TestEnvironment.run(["migrate"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("postgres: schema up to date"))
        let check = try TestEnvironment.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\n\(check.stderr)")
        for server in ["postgres", "influxdb", "clickhouse", "rabbitmq"] {
            #expect(check.stdout.contains(server), "check output lacks \(server)")
        }
        #expect(check.stdout.contains("18.16") || check.stdout.contains("clickhouse  ok"))
    }

    @Test func checkWithBadConfigExits64WithFileAndLine() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.yaml").path
        try "postgres_url: postgresql://a:b@127.0.0.1:1/x\nsmtp_url: ftp://nope\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try TestEnvironment.run(["check", "--config", path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(path):2"), "stderr: \(result.stderr)")
    }

    @Test func checkWithAServerDownExits69AndNamesIt() throws {
        let result = try TestEnvironment.run(["check"], environment: ["NINJAIT_CLICKHOUSE_URL": "http://127.0.0.1:1"])
        #expect(result.status == 69)
        #expect(result.stdout.contains("clickhouse  unavailable"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("postgres    ok"))
    }

    @Test func secretsNeverAppearInCheckOutput() throws {
        let result = try TestEnvironment.run(["check"], environment: [
            "NINJAIT_PG_URL": "postgresql://ninjait:Very-S3cret-PW@127.0.0.1:1/ninjait",
            "NINJAIT_AMQP_URL": "amqp://guest:Other-S3cret@127.0.0.1:1/",
        ])
        #expect(result.status == 69)
        for text in [result.stdout, result.stderr] {
            #expect(!text.contains("Very-S3cret-PW"))
            #expect(!text.contains("Other-S3cret"))
        }
    }

    /// A period that has not started has nothing to report: exit 64, nothing written, no run in the ledger.
    @Test func periodThatHasNotStartedExits64() throws {
        let fixture = try FleetFixture.shared.get()
        let tenant = fixture.tenants[0]
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try TestEnvironment.run(["run", "sla", "--tenant", tenant.slug, "--period", "2099-01", "--no-publish"],
                                             environment: ["NINJAIT_OUT_DIR": out.path])
        #expect(result.status == 64, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("2099-01 has not started for tenant \(tenant.slug)"), "\(result.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)
        let runs = try fixture.servers.postgres().query("SELECT count(*) FROM reporting.report_runs WHERE organization_id = $1 AND period_label = '2099-01'",
                                                        [tenant.id], purpose: "test ledger")
        #expect(runs.int(0, 0) == 0)
        // A period still running is fine: it is produced up to now.
        let running = try TestEnvironment.run(["run", "sla", "--tenant", tenant.slug, "--period", "2026-11-30..2026-12-31", "--no-publish", "--force"],
                                              environment: ["NINJAIT_OUT_DIR": out.path])
        #expect(running.status == 0, "\(running.stdout)\(running.stderr)")
    }

    /// A run that died leaves its row `running`; the next run of that report marks it `abandoned`, and `runs` shows it.
    @Test func nextRunMarksARunThatDiedAbandoned() throws {
        let fixture = try FleetFixture.shared.get()
        let tenant = fixture.tenants[1]
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let pg = try fixture.servers.postgres()
        let dead = UUID().uuidString.lowercased()
        try pg.query("""
            INSERT INTO reporting.report_runs (id, definition, kind, organization_id, tenant_slug, period_label, period_start, period_end, status, trigger)
            VALUES ($1, 'sla', 'sla', $2, $3, '2026-10-26', '2026-10-26T00:00:00Z', '2026-10-27T00:00:00Z', 'running', 'run')
            """, [dead, tenant.id, tenant.slug], purpose: "test: a run that died")
        let result = try TestEnvironment.run(["run", "sla", "--tenant", tenant.slug, "--period", "2026-10-26", "--no-publish", "--force"],
                                             environment: ["NINJAIT_OUT_DIR": out.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let row = try pg.query("SELECT status, error FROM reporting.report_runs WHERE id = $1", [dead], purpose: "test ledger")
        #expect(row.string(0, 0) == "abandoned")
        #expect(row.string(0, 1)?.contains("abandoned") == true)
        let stuck = try pg.query("SELECT count(*) FROM reporting.report_runs WHERE organization_id = $1 AND status = 'running'",
                                 [tenant.id], purpose: "test ledger")
        #expect(stuck.int(0, 0) == 0, "no row stays running")
        let runs = try TestEnvironment.run(["runs", "--tenant", tenant.slug])
        #expect(runs.stdout.contains("abandoned") && runs.stdout.contains(dead), "\(runs.stdout)")
    }

    @Test func unknownCommandIsAUsageError() throws {
        let result = try TestEnvironment.run(["no-such-command"])
        #expect(result.status == 64)
    }
}

@Suite("check validates report definitions")
struct CheckDefinitionsTests {
    @Test func badDefinitionMakesCheckExit64WithFileAndLine() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        try "name: broken\nkind: sla\nschedule: hourly\nperiod: previous-day\n".write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = try TestEnvironment.run(["check"], environment: ["NINJAIT_REPORTS_DIR": dir.path,
                                                                      "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path])
        #expect(result.status == 64)
        #expect(result.stdout.contains("broken.yaml:3: bad schedule 'hourly'"), "\(result.stdout)")
    }

    @Test func shippedDefinitionsPassCheck() throws {
        let result = try TestEnvironment.run(["check"], environment: [
            "NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path,
            "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("definitions ok           7"))
    }
}

/// Typed arguments: a value the CLI cannot parse is a usage error (exit 64) naming the option, the value and why.
@Suite("CLI typed arguments")
struct CLITypedArgumentTests {
    @Test(arguments: [
        (["run", "sla", "--period", "2026-13"], "'--period <period>'", "month 13 is not in 1...12"),
        (["run", "sla", "--period", "last-decade"], "'--period <period>'", "expected previous-day"),
        (["run", "sla", "--format", "pdfx"], "'--format <format>'", "unknown format 'pdfx' (html, pdf, xlsx, csv)"),
        (["run", "sla", "--format", "html,pdfx"], "'--format <format>'", "unknown format 'pdfx'"),
        (["nightly", "--date", "2026-02-30"], "'--date <date>'", "day 30 does not exist in 2026-02"),
        (["enqueue", "--date", "2026-2-3"], "'--date <date>'", "is not a date like"),
        (["runs", "--since", "yesterday"], "'--since <since>'", "is not a date like"),
        (["nightly", "--catch-up-days", "400"], "--catch-up-days", "between 0 and 366"),
    ])
    func rejectedValueExits64WithTheReason(arguments: [String], option: String, reason: String) throws {
        // No server is touched: parsing fails first (an unreachable PostgreSQL would be 69).
        let result = try TestEnvironment.run(arguments, environment: ["NINJAIT_PG_URL": "postgresql://nobody@127.0.0.1:1/none"])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(option), "\(result.stderr)")
        #expect(result.stderr.contains(reason), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
    }
}
