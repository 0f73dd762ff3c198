import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Ledger, lock and outbox against the real servers, through the CLI as cron would run it.
@Suite("Delivery: ledger, lock, outbox, broker outages", .serialized)
struct DeliveryTests {
    let fixture: FleetFixture
    let slug: String

    init() throws {
        fixture = try FleetFixture.shared.get()
        slug = fixture.tenants[0].slug
    }

    func env(out: URL, exchange: String) -> [String: String] {
        ["NINJAIT_OUT_DIR": out.path, "NINJAIT_EXCHANGE": exchange,
         "NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path,
         "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
    }

    /// A durable queue bound to report.ready.# on a fresh exchange.
    func boundQueue() throws -> (exchange: String, queue: String, connection: AMQPConnection) {
        let exchange = "test.reports.\(UUID().uuidString.prefix(8))"
        let queue = "test.ready.\(UUID().uuidString.prefix(8))"
        let connection = try AMQPConnection(url: fixture.config.amqpURL)
        try connection.declareExchange(exchange, type: "topic", durable: true)
        _ = try connection.declareQueue(queue, durable: true, exclusive: false, autoDelete: false)
        try connection.bindQueue(queue, exchange: exchange, bindingKey: "report.ready.#")
        return (exchange, queue, connection)
    }

    func drain(_ queue: String) throws -> [AMQPDelivery] {
        let connection = try AMQPConnection(url: fixture.config.amqpURL)
        var all: [AMQPDelivery] = []
        while let d = try connection.get(queue: queue, autoAck: true) { all.append(d) }
        return all
    }

    @Test func rerunWithoutForceDoesNothingAndForceReplaces() throws {
        let out = try TestEnvironment.temporaryDirectory()
        let e = env(out: out, exchange: "unused")
        let args = ["run", "sla-daily", "--tenant", slug, "--period", "2026-10-28", "--no-publish"]
        let first = try TestEnvironment.run(args, environment: e)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("status=succeeded"))
        let dir = out.appendingPathComponent("\(slug)/sla-daily/2026-10-28")
        let manifest = dir.appendingPathComponent("manifest.json")
        let before = try Data(contentsOf: manifest)
        let second = try TestEnvironment.run(args, environment: e)
        #expect(second.status == 0)
        #expect(second.stdout.contains("status=skipped"))
        #expect(try Data(contentsOf: manifest) == before, "a skipped rerun must not touch the files")
        let forced = try TestEnvironment.run(args + ["--force"], environment: e)
        #expect(forced.status == 0)
        #expect(forced.stdout.contains("status=succeeded"))
        #expect(try Data(contentsOf: manifest) != before)
        let pg = try fixture.servers.postgres()
        let r = try pg.query("""
            SELECT status, count(*) FROM reporting.report_runs r JOIN organizations o ON o.id = r.organization_id
            WHERE o.slug = $1 AND definition = 'sla-daily' AND period_label = '2026-10-28' GROUP BY status ORDER BY status
            """, [slug], purpose: "test ledger")
        let counts = Dictionary(uniqueKeysWithValues: (0..<r.count).map { (r.string($0, 0)!, r.int($0, 1)!) })
        #expect(counts["succeeded"] == 1)
        #expect(counts["superseded"] == 1)
        // No temp folder is left beside the report.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)
        #expect(siblings == ["2026-10-28"])
    }

    @Test func secondRunWhileTheLockIsHeldExits75AndWritesNothing() throws {
        let out = try TestEnvironment.temporaryDirectory()
        let lock = try RunLock(config: fixture.config)
        try lock.acquire(purpose: "test")
        defer { lock.release() }
        let nightly = try TestEnvironment.run(["nightly", "--catch-up-days", "0", "--no-publish"], environment: env(out: out, exchange: "unused"))
        #expect(nightly.status == 75, "\(nightly.stderr)")
        #expect(nightly.stderr.contains("lock"))
        let run = try TestEnvironment.run(["run", "sla-daily", "--tenant", slug, "--period", "2026-10-29"], environment: env(out: out, exchange: "unused"))
        #expect(run.status == 75)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func notificationsMatchFilesAndArePublishedOnce() throws {
        let (exchange, queue, connection) = try boundQueue()
        defer { _ = try? connection.deleteQueue(queue); try? connection.deleteExchange(exchange) }
        let out = try TestEnvironment.temporaryDirectory()
        let result = try TestEnvironment.run(["run", "alerts-weekly", "--tenant", slug, "--period", "2026-W44", "--force"],
                                             environment: env(out: out, exchange: exchange))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let messages = try drain(queue)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        let body = try ReportNotification.decode(message.body)
        #expect(body.schema == "ninjait.report.ready/v1")
        #expect(message.messageId == body.runId)
        #expect(message.routingKey == "report.ready.\(slug).alerts-weekly")
        #expect(message.persistent)
        #expect(body.tenant.slug == slug)
        #expect(!body.files.isEmpty)
        for file in body.files {
            let digest = try ReportFile.digest(of: URL(fileURLWithPath: file.path))
            #expect(digest.sha256 == file.sha256 && digest.bytes == file.bytes, "checksum of \(file.path)")
        }
        let again = try TestEnvironment.run(["outbox", "flush"], environment: env(out: out, exchange: exchange))
        #expect(again.status == 0)
        #expect(try drain(queue).isEmpty, "a published notification is never sent twice")
    }

    @Test func unroutableNotificationStaysInTheOutbox() throws {
        let exchange = "test.unbound.\(UUID().uuidString.prefix(8))"
        let connection = try AMQPConnection(url: fixture.config.amqpURL)
        try connection.declareExchange(exchange, type: "topic", durable: true)
        defer { try? connection.deleteExchange(exchange) }
        let out = try TestEnvironment.temporaryDirectory()
        let result = try TestEnvironment.run(["run", "inventory-monthly", "--tenant", slug, "--period", "2026-10-30", "--force"],
                                             environment: env(out: out, exchange: exchange))
        #expect(result.status == 1, "a returned message is a failure: \(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("no queue bound"))
        let pg = try fixture.servers.postgres()
        let pending = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL AND attempts >= 1",
                                   [exchange], purpose: "test outbox")
        #expect(pending.int(0, 0) == 1)
        try pg.query("DELETE FROM reporting.outbox WHERE exchange = $1", [exchange], purpose: "test cleanup")
    }

    @Test func brokerDownLosesNothingAndFlushDeliversOnce() throws {
        let (exchange, queue, connection) = try boundQueue()
        connection.close()
        let out = try TestEnvironment.temporaryDirectory()
        try Services.run("down", "rabbitmq")
        var restarted = false
        defer { if !restarted { try? Services.run("up", "rabbitmq") } }
        let result = try TestEnvironment.run(["run", "sla-daily", "--tenant", slug, "--period", "2026-10-31", "--force"],
                                             environment: env(out: out, exchange: exchange))
        #expect(result.status == 1, "broker down: reports written, exit 1: \(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("status=succeeded"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(slug)/sla-daily/2026-10-31/manifest.json").path))
        let pg = try fixture.servers.postgres()
        let pending = try pg.query("SELECT message_id FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL", [exchange], purpose: "test outbox")
        #expect(pending.count == 1)
        let messageID = pending.string(0, 0)
        try Services.run("up", "rabbitmq")
        restarted = true
        let flush = try TestEnvironment.run(["outbox", "flush"], environment: env(out: out, exchange: exchange))
        #expect(flush.status == 0, "\(flush.stdout)\(flush.stderr)")
        let flushAgain = try TestEnvironment.run(["outbox", "flush"], environment: env(out: out, exchange: exchange))
        #expect(flushAgain.stdout.contains("published=0"))
        let messages = try drain(queue)
        #expect(messages.map(\.messageId) == [messageID], "delivered exactly once, with the same message_id")
        let cleanup = try AMQPConnection(url: fixture.config.amqpURL)
        _ = try? cleanup.deleteQueue(queue)
        try? cleanup.deleteExchange(exchange)
    }
}

/// Stops and starts one server through scripts/services, as the fault tests do.
enum Services {
    static func run(_ action: String, _ name: String) throws {
        let script = TestEnvironment.repoRoot.appendingPathComponent("scripts/services").path
        let result = try TestEnvironment.spawn(script, [action, name], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw ReportingError(.io, "scripts/services \(action) \(name) failed: \(result.stderr)") }
    }
}
