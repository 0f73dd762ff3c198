import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// `report.failed/v1`: a report that fails is announced through the outbox (written with its
/// `failed` ledger row, published with confirms), once, with the run id, tenant, period, the
/// error's server, purpose and message, and never a secret; a broker that is down keeps it.
@Suite("report.failed through the outbox", .serialized)
struct ReportFailedTests {
    let fixture: FleetFixture
    let tenant: Tenant

    init() throws {
        fixture = try FleetFixture.shared.get()
        tenant = fixture.tenants[0]
    }

    /// A topic exchange of its own with a queue bound to `report.failed.#` (and one to `report.ready.#`).
    struct Broker {
        let exchange = "test.failed.\(UUID().uuidString.prefix(8))"
        let failed: String
        let ready: String
        let connection: AMQPConnection

        init(url: String) throws {
            failed = "\(exchange).failed"
            ready = "\(exchange).ready"
            connection = try AMQPConnection(url: url)
            try connection.declareExchange(exchange, type: "topic", durable: true)
            for (queue, key) in [(failed, "report.failed.#"), (ready, "report.ready.#")] {
                _ = try connection.declareQueue(queue, durable: true, exclusive: false, autoDelete: false)
                try connection.bindQueue(queue, exchange: exchange, bindingKey: key)
            }
        }

        func drain(_ queue: String) throws -> [AMQPDelivery] {
            var all: [AMQPDelivery] = []
            while let d = try connection.get(queue: queue, autoAck: true) { all.append(d) }
            return all
        }

        func remove(pg: PostgresClient) {
            _ = try? connection.deleteQueue(failed)
            _ = try? connection.deleteQueue(ready)
            try? connection.deleteExchange(exchange)
            _ = try? pg.query("DELETE FROM reporting.outbox WHERE exchange = $1", [exchange], purpose: "test cleanup")
        }
    }

    static func url(_ url: String, user: String, password: String) -> String {
        var c = URLComponents(string: url)!
        c.user = user
        c.password = password
        return c.string!
    }

    /// The newest run of `sla` for the tenant and period: id, status, error.
    func lastRun(period: String) throws -> (id: String, status: String, error: String) {
        let r = try fixture.servers.postgres().query("""
            SELECT id::text, status, coalesce(error, '') FROM reporting.report_runs
            WHERE organization_id = $1 AND definition = 'sla' AND period_label = $2 ORDER BY started_at DESC LIMIT 1
            """, [tenant.id, period], purpose: "test: last run")
        return (r.string(0, 0) ?? "", r.string(0, 1) ?? "", r.string(0, 2) ?? "")
    }

    /// Runs `body` with ClickHouse behind a fault proxy in `mode`, an exchange of the test's own
    /// and an empty output folder, and removes all three afterwards.
    func withFailingClickHouse(_ mode: String, _ body: (_ clickhouse: FaultProxy, _ broker: Broker, _ pg: PostgresClient, _ out: URL) throws -> Void) throws {
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: mode)
        defer { clickhouse.stop() }
        let broker = try Broker(url: fixture.config.amqpURL)
        let pg = try fixture.servers.postgres()
        defer { broker.remove(pg: pg) }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        try body(clickhouse, broker, pg, out)
    }

    @Test func failedReportPublishesExactlyOneReportFailedWithoutTheSecret() throws {
        let secret = "Ch-S3cret-\(UUID().uuidString.prefix(8))"
        // Every ClickHouse request is answered 500 with a body that echoes the credentials it was sent.
        try withFailingClickHouse("echo-auth:500") { clickhouse, broker, pg, out in
            let result = try TestEnvironment.run(
                ["run", "sla", "--period", "2026-10-27", "--tenant", tenant.slug, "--force"],
                environment: ScratchTenant.env(out: out, exchange: broker.exchange,
                                               extra: ["NINJAIT_CLICKHOUSE_URL": Self.url(clickhouse.url, user: "default", password: secret)]))
            let all = result.stdout + result.stderr
            #expect(result.status == 1, "\(all)")
            #expect(clickhouse.hits == 1, "the first ClickHouse read failed the report (HTTP 500 is not retried)")
            #expect(result.stdout.contains("published=1 unpublished=0"), "the failure notification was confirmed: \(result.stdout)")
            #expect(!all.contains(secret), "the password stays out of the output: \(all)")

            let run = try lastRun(period: "2026-10-27")
            #expect(run.status == "failed")
            #expect(!run.error.contains(secret) && run.error.contains("***"), "the ledger's error is scrubbed: \(run.error)")

            let messages = try broker.drain(broker.failed)
            try #require(messages.count == 1, "exactly one report.failed: \(messages.count)")
            #expect(try broker.drain(broker.ready).isEmpty, "no report.ready for a failed report")
            let message = messages[0]
            #expect(message.messageId == run.id, "message_id is the failed run's id")
            #expect(message.routingKey == "report.failed.\(tenant.slug).sla")
            #expect(message.contentType == "application/json")
            let body = String(decoding: message.body, as: UTF8.self)
            #expect(!body.contains(secret), "no secret in the notification: \(body)")
            // Checked as JSON by an independent decoder, not by the type that wrote it.
            let json = try #require(try JSONSerialization.jsonObject(with: message.body) as? [String: Any])
            #expect(json["schema"] as? String == "ninjait.report.failed/v1")
            #expect(json["run_id"] as? String == run.id)
            #expect(json["definition"] as? String == "sla")
            #expect(json["attempts"] as? Int == 1)
            let tenantJSON = try #require(json["tenant"] as? [String: Any])
            #expect(tenantJSON["id"] as? String == tenant.id && tenantJSON["slug"] as? String == tenant.slug)
            let period = try #require(json["period"] as? [String: Any])
            #expect(period["label"] as? String == "2026-10-27")
            #expect(period["timezone"] as? String == tenant.timeZoneName)
            let error = try #require(json["error"] as? [String: Any])
            #expect(error["server"] as? String == "clickhouse")
            #expect((error["purpose"] as? String)?.contains("rolled-up days") == true, "\(error)")
            let text = error["message"] as? String ?? ""
            #expect(text.contains("HTTP 500") && text.contains("injected fault"), "the server's message: \(text)")
            #expect(text.contains("default:***@") && text.contains("(password ***)"), "scrubbed where the secret was: \(text)")
            #expect(text.contains("[http://default@127.0.0.1:\(clickhouse.port)]"), "names the endpoint: \(text)")
            let published = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1 AND published_at IS NOT NULL AND message_id = $2::uuid",
                                         [broker.exchange, run.id], purpose: "test outbox")
            #expect(published.int(0, 0) == 1, "the outbox row is marked published")
        }
    }

    @Test func brokerDownKeepsTheFailureInTheOutboxUntilTheNextFlush() throws {
        try withFailingClickHouse("status:500") { clickhouse, broker, pg, out in
            // A port nothing listens on: the broker is down.
            let closed = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "pass")
            let deadPort = closed.port
            closed.stop()
            let down = Self.url("amqp://127.0.0.1:\(deadPort)/", user: "guest", password: "guest")
            let result = try TestEnvironment.run(["run", "sla", "--period", "2026-10-26", "--tenant", tenant.slug, "--force"],
                                                 environment: ScratchTenant.env(out: out, exchange: broker.exchange,
                                                                                extra: ["NINJAIT_CLICKHOUSE_URL": clickhouse.url, "NINJAIT_AMQP_URL": down]))
            #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("published=0 unpublished=1"), "\(result.stdout)")
            let run = try lastRun(period: "2026-10-26")
            #expect(run.status == "failed")
            let pending = try pg.query("""
                SELECT message_id::text, routing_key, attempts, last_error FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL
                """, [broker.exchange], purpose: "test outbox")
            try #require(pending.count == 1, "kept in the outbox")
            #expect(pending.string(0, 0) == run.id)
            #expect(pending.string(0, 1) == "report.failed.\(tenant.slug).sla")
            #expect((pending.int(0, 2) ?? 0) == 1 && pending.string(0, 3)?.contains("rabbitmq") == true, "the attempt and its error are recorded")
            #expect(try broker.drain(broker.failed).isEmpty)

            let flush = try TestEnvironment.run(["outbox", "flush"], environment: ScratchTenant.env(out: out, exchange: broker.exchange))
            #expect(flush.status == 0, "\(flush.stdout)\(flush.stderr)")
            let messages = try broker.drain(broker.failed)
            #expect(messages.count == 1 && messages.first?.messageId == run.id, "sent by the next flush, with the run's id")
            let json = try messages.first.map { try JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? nil
            #expect((json?["error"] as? [String: Any])?["server"] as? String == "clickhouse")
            let left = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL", [broker.exchange],
                                    purpose: "test outbox")
            #expect(left.int(0, 0) == 0)
        }
    }

    /// `--no-publish` queues nothing, for a failure as for a success.
    @Test func noPublishQueuesNoFailureNotification() throws {
        try withFailingClickHouse("status:500") { clickhouse, broker, pg, out in
            let result = try TestEnvironment.run(["run", "sla", "--period", "2026-10-25", "--tenant", tenant.slug, "--force", "--no-publish"],
                                                 environment: ScratchTenant.env(out: out, exchange: broker.exchange,
                                                                                extra: ["NINJAIT_CLICKHOUSE_URL": clickhouse.url]))
            #expect(result.status == 1)
            #expect(try lastRun(period: "2026-10-25").status == "failed")
            let rows = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1", [broker.exchange], purpose: "test outbox")
            #expect(rows.int(0, 0) == 0)
        }
    }
}
