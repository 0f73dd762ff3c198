import Foundation
import Testing
@testable import Connectors

@Suite("AMQPConsumer against the real RabbitMQ")
struct AMQPConsumerTests {
    @Test func unackedDeliveryComesBackRedeliveredAfterClose() throws {
        let setup = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: setup)
        defer { topology.delete() }
        try AMQPPublisher(connection: setup).publish(exchange: topology.exchange, routingKey: "report.ready.a.b",
                                                     body: Data("job".utf8), messageId: "redeliver-me")

        let first = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue, prefetch: 1)
        let delivery = try #require(try first.next(timeout: 5))
        #expect(delivery.messageId == "redeliver-me")
        #expect(!delivery.redelivered)
        first.connection.close()  // not acked: the broker requeues it
        let stale = TestServers.error { try first.ack(delivery) }
        #expect(stale?.code == .unavailable)

        let second = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue, prefetch: 1)
        let again = try #require(try second.next(timeout: 5))
        #expect(again.messageId == "redeliver-me")
        #expect(again.redelivered)
        #expect(again.bodyText == "job")
        try second.ack(again)
        #expect(try second.next(timeout: 0.3) == nil)
    }

    @Test func nackWithRequeueRedeliversAndRejectDrops() throws {
        let setup = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: setup)
        defer { topology.delete() }
        try AMQPPublisher(connection: setup).publish(exchange: topology.exchange, routingKey: "report.ready.a.b",
                                                     body: Data("x".utf8), messageId: "nack-me")
        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue, prefetch: 1)
        let first = try #require(try consumer.next(timeout: 5))
        try consumer.nack(first, requeue: true)
        let second = try #require(try consumer.next(timeout: 5))
        #expect(second.messageId == "nack-me")
        #expect(second.redelivered)
        try consumer.reject(second, requeue: false)
        #expect(try consumer.next(timeout: 0.3) == nil)
        #expect(try setup.queueInfo(topology.queue).messageCount == 0)
    }

    @Test func timeoutReturnsNilPromptly() throws {
        let setup = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: setup)
        defer { topology.delete() }
        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue)
        let started = Date()
        #expect(try consumer.next(timeout: 0.5) == nil)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.4 && elapsed < 2)
        #expect(consumer.consumerTag?.isEmpty == false)
    }

    @Test func deletedQueueCancelsTheConsumer() throws {
        let setup = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: setup)
        defer { topology.delete() }
        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(), queue: topology.queue)
        try setup.deleteQueue(topology.queue)
        let error = TestServers.error { _ = try consumer.next(timeout: 5) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("cancelled") == true, "\(String(describing: error))")
    }
}

@Suite("AMQP connections that idle past their heartbeat")
struct AMQPHeartbeatTests {
    /// rabbitmq-c services heartbeats only inside calls: idling 4 s with a 1 s heartbeat makes the
    /// broker drop the connection, and the next call must reconnect instead of failing.
    @Test func publisherAndConsumerReconnectAfterMissedHeartbeats() throws {
        let setup = try AMQPTestSupport.connect()
        let topology = try AMQPTestSupport.Topology(on: setup)
        defer { topology.delete() }
        let options = AMQPConnectionOptions(heartbeat: 1)
        let publisher = try AMQPPublisher(connection: try AMQPTestSupport.connect(options: options))
        let consumer = try AMQPConsumer(connection: try AMQPTestSupport.connect(options: options), queue: topology.queue)
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.a.b", body: Data("1".utf8), messageId: "hb-1")
        let first = try #require(try consumer.next(timeout: 5))
        try consumer.ack(first)
        let epochs = (publisher.connection.channelEpoch, consumer.connection.channelEpoch)
        Thread.sleep(forTimeInterval: 4)
        try publisher.publish(exchange: topology.exchange, routingKey: "report.ready.a.b", body: Data("2".utf8), messageId: "hb-2")
        let second = try #require(try consumer.next(timeout: 5))
        #expect(second.messageId == "hb-2")
        try consumer.ack(second)
        #expect(publisher.connection.isOpen && consumer.connection.isOpen)
        #expect(publisher.connection.channelEpoch > epochs.0, "the publisher reconnected")
        #expect(consumer.connection.channelEpoch > epochs.1, "the consumer reconnected")
    }
}
