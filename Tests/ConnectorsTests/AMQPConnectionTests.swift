import Foundation
import Testing
@testable import Connectors

@Suite("AMQPConnection against the real RabbitMQ")
struct AMQPConnectionTests {
    @Test func connectsAndReportsTheBroker() throws {
        let connection = try AMQPTestSupport.connect()
        #expect(connection.isOpen)
        #expect(connection.virtualHost == "/")
        #expect(connection.serverProperties["product"]?.stringValue == "RabbitMQ")
        #expect(connection.serverVersion.first?.isNumber == true)
        connection.close()
        #expect(!connection.isOpen)
        let error = TestServers.error { try connection.declareExchange("never") }
        #expect(error?.code == .unavailable)
        connection.close()  // idempotent
    }

    @Test func wrongPasswordIsUnavailableAndNamesTheRefusal() throws {
        let url = try Self.url(password: "Wr0ng-Secret-PW")
        let error = TestServers.error { _ = try AMQPConnection(url: url) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("ACCESS_REFUSED") == true, "\(String(describing: error))")
        #expect(error?.description.contains("Wr0ng-Secret-PW") == false)
    }

    @Test func closedPortIsUnavailableQuickly() throws {
        let started = Date()
        let error = TestServers.error {
            _ = try AMQPConnection(url: "amqp://guest:guest@127.0.0.1:1/", options: AMQPConnectionOptions(connectTimeout: 3))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.isTransient == true)
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func unknownVhostIsUnavailableWithTheBrokersReason() throws {
        var components = try #require(URLComponents(string: TestServers.amqp))
        components.percentEncodedPath = "/" + TestServers.uniqueName("no_such_vhost")
        let error = TestServers.error { _ = try AMQPConnection(url: try #require(components.string)) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("NOT_ALLOWED") == true, "\(String(describing: error))")
    }

    @Test func passwordNeverAppearsInAnyError() throws {
        let secret = "S3cr3t-\(UUID().uuidString.prefix(8))"
        let attempts: [() throws -> Void] = [
            { _ = try AMQPConnection(url: try Self.url(password: secret)) },                      // refused login
            { _ = try AMQPConnection(url: "amqp://guest:\(secret)@127.0.0.1:1/") },                  // closed port
            { _ = try AMQPConnection(url: "http://guest:\(secret)@127.0.0.1:55672/") },              // wrong scheme
            { _ = try AMQPConnection(url: "amqp://guest:\(secret)@/") },                              // no host
            { _ = try AMQPConnection(url: "amqp://guest:\(secret)@host.invalid:5672/") },             // unresolvable
            { _ = try AMQPPublisher(url: try Self.url(password: secret)) },
            { _ = try AMQPConsumer(url: try Self.url(password: secret), queue: "q") },
        ]
        for attempt in attempts {
            guard let error = TestServers.error(attempt) else { continue }
            for text in [error.description, error.message, error.server, error.purpose, error.underlying ?? "", "\(error)"] {
                #expect(!text.contains(secret), "password leaked: \(text)")
            }
        }
    }

    @Test func passiveDeclareOfMissingQueueFailsAndTheChannelRecovers() throws {
        let connection = try AMQPTestSupport.connect()
        let missing = TestServers.uniqueName("amqp_test_missing")
        let error = TestServers.error { _ = try connection.queueInfo(missing) }
        #expect(error?.code == .serverError)
        #expect(error?.message.contains("NOT_FOUND") == true)
        #expect(error?.underlying == "AMQP reply 404")
        let queue = TestServers.uniqueName("amqp_test_q")
        let info = try connection.declareQueue(queue, durable: false, autoDelete: false,
                                               arguments: ["x-max-length": .int(1000), "x-queue-mode": .string("default")])
        defer { _ = try? connection.deleteQueue(queue) }
        #expect(info == AMQPQueueInfo(name: queue, messageCount: 0, consumerCount: 0))
    }

    @Test func getPurgeAndMessageCounts() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection)
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        let messages = (1...3).map {
            AMQPOutgoingMessage(exchange: topology.exchange, routingKey: "report.ready.t.d", body: Data("\($0)".utf8), messageId: "get-\($0)")
        }
        #expect(publisher.publish(batch: messages).allSatisfy { (try? $0.get()) != nil })
        #expect(try connection.queueInfo(topology.queue).messageCount == 3)
        let first = try #require(try connection.get(queue: topology.queue))
        #expect(first.messageId == "get-1")
        #expect(first.bodyText == "1")
        #expect(first.consumerTag == nil)
        try connection.ack(first)
        #expect(try connection.purgeQueue(topology.queue) == 2)
        #expect(try connection.get(queue: topology.queue) == nil)
    }

    @Test func urlParsing() throws {
        let plain = try AMQPAddress("amqp://u:p%40ss@rabbit.example:5673/")
        #expect(plain.virtualHost == "/" && plain.port == 5673 && !plain.tls && plain.user == "u" && plain.password == "p@ss")
        #expect(try AMQPAddress("amqp://h").virtualHost == "/")
        #expect(try AMQPAddress("amqp://h").port == 5672)
        #expect(try AMQPAddress("amqp://h").user == "guest")
        #expect(try AMQPAddress("amqp://h/%2f").virtualHost == "/")
        #expect(try AMQPAddress("amqp://h/%2Fprod").virtualHost == "/prod")
        #expect(try AMQPAddress("amqp://h/tenants").virtualHost == "tenants")
        let tls = try AMQPAddress("amqps://h/x")
        #expect(tls.tls && tls.port == 5671)
        #expect(tls.endpoint.redacted == "amqps://h/x")
        let error = TestServers.error { _ = try AMQPAddress("redis://u:secret@h/") }
        #expect(error?.code == .badConfiguration)
        #expect(error?.description.contains("secret") == false)
    }

    @Test func fieldTablesRoundTripThroughTheCEncoding() {
        let fields: [String: AMQPFieldValue] = [
            "s": .string("grüße"), "i": .int(-42), "d": .double(2.5), "t": .bool(true), "x": .bytes([0, 1, 255]),
            "a": .array([.int(1), .string("two"), .table(["n": .int(3)])]), "f": .table(["inner": .bool(false)]), "v": .void,
            "e": .string(""),
        ]
        let decoded = AMQPArena.with { arena in AMQPFieldValue.decode(arena.table(fields)) }
        #expect(decoded == fields)
        #expect(AMQPFieldValue.array([.int(1), .string("a")]).description == "[1, a]")
    }

    /// `TestServers.amqp` with its password replaced.
    static func url(password: String) throws -> String {
        var components = try #require(URLComponents(string: TestServers.amqp))
        components.password = password
        return try #require(components.string)
    }
}
