import Foundation
import Testing
@testable import Connectors

@Suite("AMQPPublisher with publisher confirms against the real RabbitMQ")
struct AMQPPublisherTests {
    @Test func confirmedMessageIsConsumableWithItsProperties() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection)
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        let id = UUID().uuidString.lowercased()
        var body = Data(#"{"schema":"ninjait.report.ready/v1","title":"Verfügbarkeit ✓"}"#.utf8)
        body.append(contentsOf: [0, 255, 10, 13])
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.acme.sla-monthly", body: body,
                              messageId: id, contentType: "application/json", persistent: true,
                              headers: ["x-tenant": "acme", "x-note": "ünïcode"])

        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue, prefetch: 5)
        let delivery = try #require(try consumer.next(timeout: 5))
        #expect(delivery.messageId == id)
        #expect(delivery.contentType == "application/json")
        #expect(delivery.persistent)
        #expect(delivery.body == body)
        #expect(delivery.routingKey == "report.ready.acme.sla-monthly")
        #expect(delivery.exchange == topology.exchange)
        #expect(delivery.headers == ["x-tenant": "acme", "x-note": "ünïcode"])
        #expect(!delivery.redelivered)
        try consumer.ack(delivery)
        #expect(try consumer.next(timeout: 0.2) == nil)
        #expect(try connection.queueInfo(topology.queue).messageCount == 0)
    }

    @Test func unroutableMandatoryMessageIsRejectedAndStreamStaysInSync() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection, bindingKey: "report.ready.#")
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        let error = TestServers.error {
            try publisher.publish(exchange: topology.exchange, routingKey: "nobody.listens.here",
                                  body: Data(repeating: 65, count: 200_000), messageId: "m-unroutable")
        }
        #expect(error?.code == .rejected)
        #expect(error?.message.contains("no queue bound for routing key 'nobody.listens.here'") == true)
        #expect(error?.underlying?.contains("312") == true)
        // The returned message's header and body frames were consumed: the next publish works.
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.t.d", body: Data("ok".utf8))
        #expect(try connection.queueInfo(topology.queue).messageCount == 1)
    }

    @Test func batchOfHundredIsAckedAndConsumed() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection)
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        publisher.maxInFlight = 32  // exercise the in-flight window too
        let ids = (0..<100).map { "batch-\($0)-" + UUID().uuidString }
        let messages = ids.enumerated().map { index, id in
            AMQPOutgoingMessage(exchange: topology.exchange, routingKey: "report.ready.t\(index % 7).sla", body: Data("n=\(index)".utf8),
                                messageId: id, contentType: "text/plain")
        }
        let outcomes = publisher.publish(batch: messages, timeout: 20)
        #expect(outcomes.count == 100)
        #expect(outcomes.allSatisfy { if case .success = $0 { true } else { false } })

        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue, prefetch: 50)
        var seen: [String] = []
        while seen.count < 100, let delivery = try consumer.next(timeout: 5) {
            seen.append(delivery.messageId ?? "?")
            try consumer.ack(delivery)
        }
        #expect(Set(seen) == Set(ids))
        #expect(seen == ids, "one channel, one queue: delivery order is publish order")
    }

    @Test func batchReportsEachReturnedMessage() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection, bindingKey: "routed.#")
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        let messages = (0..<20).map { index in
            AMQPOutgoingMessage(exchange: topology.exchange, routingKey: index % 3 == 0 ? "lost.\(index)" : "routed.\(index)",
                                body: Data("\(index)".utf8))  // no messageId: the publisher generates one
        }
        let outcomes = publisher.publish(batch: messages)
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success:
                #expect(index % 3 != 0, "message \(index) has no queue and must fail")
            case .failure(let error):
                #expect(index % 3 == 0, "message \(index) is routable: \(error)")
                #expect(error.code == .rejected)
                #expect(error.message.contains("'lost.\(index)'"))
            }
        }
        #expect(try connection.queueInfo(topology.queue).messageCount == 13)
    }

    @Test func missingExchangeIsRejectedThenThePublisherRecovers() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection)
        defer { topology.delete() }
        let publisher = try AMQPPublisher(connection: connection)
        let error = TestServers.error {
            try publisher.publish(exchange: TestServers.uniqueName("amqp_test_missing"), routingKey: "report.ready.x", body: Data())
        }
        #expect(error?.code == .rejected)
        #expect(error?.message.contains("NOT_FOUND") == true)
        // The channel is reopened and confirm mode selected again (delivery tags restart at 1).
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.x", body: Data("again".utf8))
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.y", body: Data("and again".utf8))
        #expect(try connection.queueInfo(topology.queue).messageCount == 2)
    }

    @Test func oneConnectionCarriesEitherAPublisherOrAConsumer() throws {
        let connection = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: connection)
        defer { topology.delete() }
        _ = try AMQPPublisher(connection: connection)
        let error = TestServers.error { _ = try AMQPConsumer(connection: connection, queue: topology.queue) }
        #expect(error?.code == .badConfiguration)
    }
}

@Suite("AMQPConfirmTracker bookkeeping")
struct AMQPConfirmTrackerTests {
    private func failure(_ text: String) -> ConnectorError { ConnectorError(.rejected, server: "test", purpose: "test", message: text) }

    private func summary(_ tracker: AMQPConfirmTracker) -> [String] {
        tracker.results.map { result in
            switch result {
            case .success: return "ok"
            case .failure(let error): return error.message
            }
        }
    }

    @Test func multipleAckSettlesEveryEarlierTagAndAReturnWins() {
        var tracker = AMQPConfirmTracker(count: 4)
        for index in 0..<4 { tracker.sent(index, tag: UInt64(10 + index)) }
        #expect(tracker.firstUnsettled { $0 >= 1 } == 1)
        tracker.markReturned(1, failure("returned"))
        #expect(tracker.firstUnsettled { $0 >= 1 } == 2, "a returned message is not matched twice")
        tracker.ack(99, multiple: false)  // a late confirm of an earlier batch: ignored
        tracker.ack(12, multiple: true)
        #expect(tracker.inFlight == 1)
        tracker.nack(13, multiple: false) { _ in failure("nacked") }
        #expect(tracker.inFlight == 0)
        #expect(summary(tracker) == ["ok", "returned", "ok", "nacked"])
    }

    @Test func unsettledMessagesFailWithTheGivenError() {
        var tracker = AMQPConfirmTracker(count: 3)
        tracker.sent(0, tag: 1)
        tracker.sent(1, tag: 2)
        tracker.ack(1, multiple: false)
        tracker.failUnsettled { _ in failure("timeout") }
        #expect(summary(tracker) == ["ok", "timeout", "timeout"])
    }
}
