import Foundation
import Testing
@testable import Connectors

/// Two failure modes that need a real server to provoke: a broker nack, and invalid UTF-8 in a result.
@Suite("Broker nack and invalid UTF-8 from a server", .serialized)
struct FaultNackAndEncodingTests {
    /// A queue with `x-max-length 0` and `x-overflow reject-publish` makes RabbitMQ nack every message routed to it.
    @Test func brokerNackIsARejectionNotASuccess() throws {
        let connection = try AMQPConnection(url: TestServers.amqp)
        let exchange = TestServers.uniqueName("test.nack.ex"), queue = TestServers.uniqueName("test.nack.q")
        try connection.declareExchange(exchange, type: "topic", durable: false, autoDelete: false)
        _ = try connection.declareQueue(queue, durable: false, exclusive: false, autoDelete: false,
                                        arguments: ["x-max-length": .int(0), "x-overflow": .string("reject-publish")])
        try connection.bindQueue(queue, exchange: exchange, bindingKey: "report.ready.#")
        defer {
            _ = try? connection.deleteQueue(queue)
            try? connection.deleteExchange(exchange)
        }
        let publisher = try AMQPPublisher(url: TestServers.amqp, confirmTimeout: 10)
        let error = #expect(throws: ConnectorError.self) {
            try publisher.publish(exchange: exchange, routingKey: "report.ready.acme.sla-monthly", body: Data("{}".utf8),
                                  messageId: UUID().uuidString.lowercased())
        }
        #expect(error?.code == .rejected, "\(String(describing: error))")
        #expect(try connection.queueInfo(queue).messageCount == 0)
    }

    /// Bytes that are not UTF-8 come out as U+FFFD, never a crash or a dropped row.
    @Test func invalidUTF8FromClickHouseIsRepaired() throws {
        let client = try ClickHouseClient(url: TestServers.clickhouse, database: "default")
        var values: [String] = []
        try client.query("SELECT concat('dev-', unhex('FF80'), '-x'), 1", columns: 2, purpose: "invalid utf-8") { row in
            values.append(row.string(0))
        }
        #expect(values == ["dev-\u{FFFD}\u{FFFD}-x"])
    }
}
