import Foundation
import Testing
@testable import Connectors

/// Connections and throw-away topology on the real RabbitMQ started by `scripts/services up`.
enum AMQPTestSupport {
    /// Connects to `TestServers.amqp`; an unreachable broker fails the test with a clear message.
    static func connect(options: AMQPConnectionOptions = AMQPConnectionOptions()) throws -> AMQPConnection {
        do {
            return try AMQPConnection(url: TestServers.amqp, options: options)
        } catch {
            Issue.record("RabbitMQ is not reachable at \(Endpoint.redact(TestServers.amqp)) (set NINJAIT_AMQP_URL or run scripts/services up): \(error)")
            throw error
        }
    }

    /// A durable topic exchange and a durable queue bound to it with `bindingKey`, both unique to one test.
    struct Topology {
        let exchange: String
        let queue: String

        init(on connection: AMQPConnection, bindingKey: String = "report.ready.#", prefix: String = "amqp_test") throws {
            exchange = TestServers.uniqueName("\(prefix)_x")
            queue = TestServers.uniqueName("\(prefix)_q")
            try connection.declareExchange(exchange, type: "topic", durable: true)
            try connection.declareQueue(queue, durable: true)
            try connection.bindQueue(queue, exchange: exchange, bindingKey: bindingKey)
        }

        /// Deletes the queue and the exchange on a fresh connection (the test's own may be closed).
        func delete() {
            guard let connection = try? AMQPConnection(url: TestServers.amqp) else { return }
            _ = try? connection.deleteQueue(queue)
            _ = try? connection.deleteExchange(exchange)
        }
    }
}
