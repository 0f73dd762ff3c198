import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Passwords given in URLs, in the environment or in `_FILE`
/// files never appear in stdout, stderr, manifests, the ledger or the outbox.
@Suite("Secrets never leak into logs, errors, manifests or messages", .serialized)
struct FaultSecretsTests {
    let fixture: FleetFixture
    let slug: String

    init() throws {
        fixture = try FleetFixture.shared.get()
        slug = fixture.tenants[2].slug
    }

    static func url(_ url: String, password: String, user: String) -> String {
        var c = URLComponents(string: url)!
        c.user = user
        c.password = password
        return c.string!
    }

    /// Fails the test for every place `secret` shows up: output, files below `out`, ledger rows and outbox rows since `since`.
    func expectAbsent(_ secret: String, in result: TestEnvironment.Output, out: URL?, since: Date, _ label: String) throws {
        #expect(!result.stdout.contains(secret), "\(label): stdout leaks the password")
        #expect(!result.stderr.contains(secret), "\(label): stderr leaks the password")
        if let out {
            for f in ScratchTenant.files(under: out) {
                let text = String(decoding: try Data(contentsOf: out.appendingPathComponent(f)), as: UTF8.self)
                #expect(!text.contains(secret), "\(label): \(f) leaks the password")
            }
        }
        let pg = try fixture.servers.postgres()
        let runs = try pg.query("SELECT count(*) FROM reporting.report_runs WHERE started_at >= $1 AND (coalesce(error, '') LIKE '%' || $2 || '%' OR files::text LIKE '%' || $2 || '%' OR coalesce(output_dir, '') LIKE '%' || $2 || '%')",
                                [since, secret], purpose: "test ledger leak")
        #expect(runs.int(0, 0) == 0, "\(label): the ledger leaks the password")
        let outbox = try pg.query("SELECT count(*) FROM reporting.outbox WHERE created_at >= $1 AND (body LIKE '%' || $2 || '%' OR coalesce(last_error, '') LIKE '%' || $2 || '%')",
                                  [since, secret], purpose: "test outbox leak")
        #expect(outbox.int(0, 0) == 0, "\(label): the outbox leaks the password")
    }

    @Test func wrongPostgresPasswordInURLAndInFile() throws {
        let since = Date().addingTimeInterval(-5)
        let secret = "Pg-S3cret-\(UUID().uuidString.prefix(8))"
        let wrongURL = Self.url(fixture.config.postgresURL, password: secret, user: "ninjait")
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let check = try TestEnvironment.run(["check"], environment: ScratchTenant.env(out: out, extra: ["NINJAIT_PG_URL": wrongURL]))
        #expect(check.status != 0, "a wrong password is reported")
        #expect(check.stdout.contains("ninjait@127.0.0.1") || check.stderr.contains("ninjait@127.0.0.1"), "the server is named without the password: \(check.stdout)\(check.stderr)")
        try expectAbsent(secret, in: check, out: out, since: since, "check, password in the URL")
        let run = try TestEnvironment.run(["run", "sla", "--tenant", slug, "--period", "2026-10-26", "--no-publish"],
                                          environment: ScratchTenant.env(out: out, extra: ["NINJAIT_PG_URL": wrongURL]))
        #expect(run.status != 0)
        try expectAbsent(secret, in: run, out: out, since: since, "run, password in the URL")

        let secretFile = out.appendingPathComponent("pg-password")
        try Data((secret + "\n").utf8).write(to: secretFile)
        let plainURL = Self.url(fixture.config.postgresURL, password: "", user: "ninjait").replacingOccurrences(of: "ninjait:@", with: "ninjait@")
        let fileEnv = ScratchTenant.env(out: out, extra: ["NINJAIT_PG_URL": plainURL, "NINJAIT_PG_PASSWORD_FILE": secretFile.path])
        let check2 = try TestEnvironment.run(["check"], environment: fileEnv)
        #expect(check2.status != 0, "the password from the file is used (and wrong): \(check2.stdout)\(check2.stderr)")
        try expectAbsent(secret, in: check2, out: nil, since: since, "check, password in a file")
        let run2 = try TestEnvironment.run(["run", "sla", "--tenant", slug, "--period", "2026-10-26", "--no-publish"], environment: fileEnv)
        #expect(run2.status != 0)
        try expectAbsent(secret, in: run2, out: nil, since: since, "run, password in a file")

        let envEnv = ScratchTenant.env(out: out, extra: ["NINJAIT_PG_URL": plainURL, "NINJAIT_PG_PASSWORD": secret])
        let check3 = try TestEnvironment.run(["check"], environment: envEnv)
        #expect(check3.status != 0, "the password from the environment is used (and wrong)")
        try expectAbsent(secret, in: check3, out: nil, since: since, "check, password in the environment")
        let run3 = try TestEnvironment.run(["run", "sla", "--tenant", slug, "--period", "2026-10-26", "--no-publish"], environment: envEnv)
        #expect(run3.status != 0)
        try expectAbsent(secret, in: run3, out: nil, since: since, "run, password in the environment")
    }

    @Test func wrongBrokerPasswordKeepsReportsAndLeaksNothing() throws {
        let since = Date().addingTimeInterval(-5)
        let secret = "Amqp-S3cret-\(UUID().uuidString.prefix(8))"
        let exchange = "test.secret.\(UUID().uuidString.prefix(8))"
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let pg = try fixture.servers.postgres()
        defer { _ = try? pg.query("DELETE FROM reporting.outbox WHERE exchange = $1", [exchange], purpose: "test cleanup") }
        let amqpURL = Self.url(fixture.config.amqpURL, password: secret, user: "guest")
        let run = try TestEnvironment.run(["run", "sla", "--tenant", slug, "--period", "2026-10-26", "--force"],
                                          environment: ScratchTenant.env(out: out, exchange: exchange, extra: ["NINJAIT_AMQP_URL": amqpURL]))
        #expect(run.status == 1, "reports written, notification not published: \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("status=succeeded"))
        let check = try TestEnvironment.run(["check"], environment: ScratchTenant.env(out: out, exchange: exchange, extra: ["NINJAIT_AMQP_URL": amqpURL]))
        #expect(check.status != 0)
        let list = try TestEnvironment.run(["outbox", "list", "--all"], environment: ScratchTenant.env(out: out, exchange: exchange))
        for (label, result) in [("run", run), ("check", check), ("outbox list", list)] {
            try expectAbsent(secret, in: result, out: out, since: since, "\(label), AMQP password in the URL")
        }
        let pending = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL", [exchange], purpose: "test outbox")
        #expect(pending.int(0, 0) == 1, "the notification waits in the outbox")
    }

    /// InfluxDB here runs without auth, so credentials in its URL are accepted: the run succeeds
    /// and the password must still not reach the manifest, notification or logs.
    @Test func passwordsOfWorkingServersStayOutOfOutputs() throws {
        let since = Date().addingTimeInterval(-5)
        let secret = "Influx-S3cret-\(UUID().uuidString.prefix(8))"
        let exchange = "test.secret.\(UUID().uuidString.prefix(8))"
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let pg = try fixture.servers.postgres()
        defer { _ = try? pg.query("DELETE FROM reporting.outbox WHERE exchange = $1", [exchange], purpose: "test cleanup") }
        let env = ScratchTenant.env(out: out, exchange: exchange, extra: ["NINJAIT_INFLUX_URL": Self.url(fixture.config.influxURL, password: secret, user: "reader"),
                                                                          "NINJAIT_INFLUX_PASSWORD": secret + "-env"])
        let run = try TestEnvironment.run(["run", "sla", "--tenant", slug, "--period", "2026-10-25", "--force"], environment: env)
        #expect(run.status == 0 || run.status == 1, "\(run.stdout)\(run.stderr)")
        try expectAbsent(secret, in: run, out: out, since: since, "run, influx password in URL and env")
        let check = try TestEnvironment.run(["check"], environment: env)
        try expectAbsent(secret, in: check, out: nil, since: since, "check, influx password in URL and env")
    }
}
