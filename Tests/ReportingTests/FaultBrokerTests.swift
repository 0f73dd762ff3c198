import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Issue 6 item 1: the broker connection cut after the publish but before the ack (a TCP proxy,
/// `Tests/faults/amqp_cut_proxy.py`). The notification stays in the outbox, the next flush
/// sends it again with the same message_id, and the consumer loses nothing.
@Suite("Faults: broker connection cut before the ack", .serialized)
struct FaultBrokerTests {
    let fixture: FleetFixture
    let slug: String

    init() throws {
        fixture = try FleetFixture.shared.get()
        slug = fixture.tenants[1].slug
    }

    @Test func connectionCutBeforeTheAckKeepsTheNotificationAndResendsItWithTheSameID() throws {
        let amqp = try Endpoint(fixture.config.amqpURL, kind: "amqp")
        let proxy = try FaultProxy(script: "amqp_cut_proxy.py", arguments: ["--upstream", "\(amqp.host):\(amqp.port ?? 5672)"])
        defer { proxy.stop() }
        var viaProxy = URLComponents(string: fixture.config.amqpURL)!
        viaProxy.host = "127.0.0.1"
        viaProxy.port = proxy.port

        let exchange = "test.cut.\(UUID().uuidString.prefix(8))", queue = "test.cut.\(UUID().uuidString.prefix(8))"
        let connection = try AMQPConnection(url: fixture.config.amqpURL)
        try connection.declareExchange(exchange, type: "topic", durable: true)
        _ = try connection.declareQueue(queue, durable: true, exclusive: false, autoDelete: false)
        try connection.bindQueue(queue, exchange: exchange, bindingKey: "report.ready.#")
        let pg = try fixture.servers.postgres()
        defer {
            _ = try? connection.deleteQueue(queue)
            try? connection.deleteExchange(exchange)
            _ = try? pg.query("DELETE FROM reporting.outbox WHERE exchange = $1", [exchange], purpose: "test cleanup")
        }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }

        let started = Date()
        let result = try TestEnvironment.run(["run", "alerts-weekly", "--tenant", slug, "--period", "2026-W43", "--force"],
                                             environment: ScratchTenant.env(out: out, exchange: exchange, extra: ["NINJAIT_AMQP_URL": viaProxy.string!]))
        #expect(Date().timeIntervalSince(started) < 30, "bounded: no endless wait for the ack")
        #expect(proxy.hits == 1, "the connection was cut after a publish")
        #expect(result.stdout.contains("status=succeeded"), "the report itself is written: \(result.stdout)")
        #expect(result.status == 1, "an unconfirmed notification is a failure: \(result.stdout)\(result.stderr)")
        let pending = try pg.query("SELECT message_id::text, attempts FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL",
                                   [exchange], purpose: "test outbox")
        #expect(pending.count == 1, "kept in the outbox")
        let messageID = try #require(pending.string(0, 0))
        #expect((pending.int(0, 1) ?? 0) >= 1, "the attempt is counted")

        let flush = try TestEnvironment.run(["outbox", "flush"], environment: ScratchTenant.env(out: out, exchange: exchange))
        #expect(flush.status == 0, "\(flush.stdout)\(flush.stderr)")
        let left = try pg.query("SELECT count(*) FROM reporting.outbox WHERE exchange = $1 AND published_at IS NULL", [exchange], purpose: "test outbox")
        #expect(left.int(0, 0) == 0)

        var messages: [AMQPDelivery] = []
        let reader = try AMQPConnection(url: fixture.config.amqpURL)
        while let d = try reader.get(queue: queue, autoAck: true) { messages.append(d) }
        #expect(!messages.isEmpty, "nothing lost")
        #expect(messages.count <= 2, "at most the cut copy and the resend")
        #expect(Set(messages.compactMap(\.messageId)) == [messageID], "every copy has the same message_id, so consumers deduplicate")
    }
}
