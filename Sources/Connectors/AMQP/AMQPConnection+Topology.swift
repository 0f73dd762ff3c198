import CRabbitMQ
import Foundation

/// Exchanges, queues, bindings, prefetch, `basic.get` and acknowledgements on channel 1.
///
/// Every method here is a synchronous RPC bounded by `rpcTimeout`. When the broker refuses one
/// (a declare with different settings, a passive declare of a missing queue, a bind to a missing
/// exchange) it closes the channel: the error is `.serverError` with the broker's reply text,
/// and the next call reopens the channel.
extension AMQPConnection {
    /// Declares an exchange; declaring an existing one with the same settings does nothing.
    public func declareExchange(_ name: String, type: String = "topic", durable: Bool = true, autoDelete: Bool = false) throws {
        _ = try rpc("declare exchange '\(name)'") { state, arena in
            amqp_exchange_declare(state, channel, arena.bytes(name), arena.bytes(type), 0, durable ? 1 : 0,
                                  autoDelete ? 1 : 0, 0, amqp_table_t())
        }
    }

    /// Deletes an exchange (deleting a missing one is not an error on RabbitMQ 3.x).
    public func deleteExchange(_ name: String, ifUnused: Bool = false) throws {
        _ = try rpc("delete exchange '\(name)'") { state, arena in
            amqp_exchange_delete(state, channel, arena.bytes(name), ifUnused ? 1 : 0)
        }
    }

    /// Declares a queue and returns its counts; `arguments` are e.g. `x-dead-letter-exchange`, `x-queue-type`.
    @discardableResult
    public func declareQueue(_ name: String, durable: Bool = true, exclusive: Bool = false, autoDelete: Bool = false,
                             arguments: [String: AMQPFieldValue] = [:]) throws -> AMQPQueueInfo {
        try queueDeclare(name, passive: false, durable: durable, exclusive: exclusive, autoDelete: autoDelete,
                         arguments: arguments, purpose: "declare queue '\(name)'")
    }

    /// The counts of an existing queue (passive declare); a missing queue is a `.serverError` (404 NOT_FOUND).
    public func queueInfo(_ name: String) throws -> AMQPQueueInfo {
        try queueDeclare(name, passive: true, durable: false, exclusive: false, autoDelete: false,
                         arguments: [:], purpose: "inspect queue '\(name)'")
    }

    /// Binds `queue` to `exchange` for messages whose routing key matches `bindingKey` (`report.ready.#`).
    public func bindQueue(_ queue: String, exchange: String, bindingKey: String, arguments: [String: AMQPFieldValue] = [:]) throws {
        _ = try rpc("bind queue '\(queue)' to '\(exchange)' with '\(bindingKey)'") { state, arena in
            amqp_queue_bind(state, channel, arena.bytes(queue), arena.bytes(exchange), arena.bytes(bindingKey),
                            arena.table(arguments))
        }
    }

    /// Removes every ready message from `queue`; returns how many there were.
    @discardableResult
    public func purgeQueue(_ name: String) throws -> Int {
        let ok = try rpc("purge queue '\(name)'") { state, arena in
            amqp_queue_purge(state, channel, arena.bytes(name))
        }
        return Int(ok?.message_count ?? 0)
    }

    /// Deletes `queue`; returns how many messages it held.
    @discardableResult
    public func deleteQueue(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) throws -> Int {
        let ok = try rpc("delete queue '\(name)'") { state, arena in
            amqp_queue_delete(state, channel, arena.bytes(name), ifUnused ? 1 : 0, ifEmpty ? 1 : 0)
        }
        return Int(ok?.message_count ?? 0)
    }

    /// `basic.qos`: at most `count` unacked deliveries per consumer on this channel (0 = unlimited).
    public func setPrefetch(_ count: Int, global: Bool = false) throws {
        _ = try rpc("set prefetch \(count)") { state, _ in
            amqp_basic_qos(state, channel, 0, UInt16(clamping: max(0, count)), global ? 1 : 0)
        }
    }

    /// Takes one message from `queue` (`basic.get`), or nil when it is empty.
    ///
    /// Without `autoAck` the message must be acked (or nacked) on this connection; closing the
    /// connection first puts it back. Not allowed on a connection that carries a consumer.
    public func get(queue: String, autoAck: Bool = false) throws -> AMQPDelivery? {
        let purpose = "get a message from queue '\(queue)'"
        if role == .consumer {
            throw ConnectorError(.badConfiguration, server: server, purpose: purpose,
                                 message: "basic.get on a connection that carries a consumer; use another connection")
        }
        let state = try live(purpose)
        amqp_maybe_release_buffers(state)
        let reply = AMQPArena.with { arena in amqp_basic_get(state, channel, arena.bytes(queue), autoAck ? 1 : 0) }
        try check(reply, purpose: purpose)
        guard reply.reply.id == AMQP_BASIC_GET_OK_METHOD, let decoded = reply.reply.decoded else { return nil }
        let ok = decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        let tag = ok.delivery_tag
        let redelivered = ok.redelivered != 0
        let exchange = String(amqpBytes: ok.exchange)
        let routingKey = String(amqpBytes: ok.routing_key)
        let epoch = channelEpoch
        return try readMessage(purpose: purpose) { message in
            AMQPDelivery(deliveryTag: tag, redelivered: redelivered, exchange: exchange, routingKey: routingKey,
                         consumerTag: nil, message: message, channelEpoch: epoch)
        }
    }

    /// Acknowledges a delivery: the broker forgets the message.
    public func ack(_ delivery: AMQPDelivery) throws {
        try checkEpoch(delivery, purpose: "ack")
        try ack(deliveryTag: delivery.deliveryTag)
    }

    /// Acknowledges `deliveryTag` (and with `multiple` every earlier unacked tag) on the current channel.
    public func ack(deliveryTag: UInt64, multiple: Bool = false) throws {
        let state = try liveState("ack delivery \(deliveryTag)")
        try checkStatus(amqp_basic_ack(state, channel, deliveryTag, multiple ? 1 : 0), purpose: "ack delivery \(deliveryTag)")
    }

    /// Negatively acknowledges a delivery: requeued, or dead-lettered / dropped when `requeue` is false.
    public func nack(_ delivery: AMQPDelivery, requeue: Bool = true) throws {
        try checkEpoch(delivery, purpose: "nack")
        try nack(deliveryTag: delivery.deliveryTag, requeue: requeue)
    }

    /// `basic.nack` of `deliveryTag` (and with `multiple` every earlier unacked tag).
    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) throws {
        let state = try liveState("nack delivery \(deliveryTag)")
        try checkStatus(amqp_basic_nack(state, channel, deliveryTag, multiple ? 1 : 0, requeue ? 1 : 0),
                        purpose: "nack delivery \(deliveryTag)")
    }

    /// Rejects one delivery: requeued, or dead-lettered / dropped when `requeue` is false.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) throws {
        try checkEpoch(delivery, purpose: "reject")
        try reject(deliveryTag: delivery.deliveryTag, requeue: requeue)
    }

    /// `basic.reject` of `deliveryTag`.
    public func reject(deliveryTag: UInt64, requeue: Bool) throws {
        let state = try liveState("reject delivery \(deliveryTag)")
        try checkStatus(amqp_basic_reject(state, channel, deliveryTag, requeue ? 1 : 0), purpose: "reject delivery \(deliveryTag)")
    }

    // MARK: - Helpers

    /// Runs one rabbitmq-c RPC wrapper inside an arena and throws unless the broker answered normally.
    ///
    /// The returned struct may point into rabbitmq-c's pool: copy its strings before the next call.
    func rpc<T>(_ purpose: String, _ call: (amqp_connection_state_t, AMQPArena) -> UnsafeMutablePointer<T>?) throws -> T? {
        let state = try live(purpose)
        amqp_maybe_release_buffers(state)
        let result = AMQPArena.with { arena in call(state, arena) }
        try check(amqp_get_rpc_reply(state), purpose: purpose)
        return result?.pointee
    }

    func checkStatus(_ status: Int32, purpose: String) throws {
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: purpose) }
    }

    private func queueDeclare(_ name: String, passive: Bool, durable: Bool, exclusive: Bool, autoDelete: Bool,
                              arguments: [String: AMQPFieldValue], purpose: String) throws -> AMQPQueueInfo {
        let ok = try rpc(purpose) { state, arena in
            amqp_queue_declare(state, channel, arena.bytes(name), passive ? 1 : 0, durable ? 1 : 0, exclusive ? 1 : 0,
                               autoDelete ? 1 : 0, arena.table(arguments))
        }
        guard let ok else {
            throw ConnectorError(.protocolError, server: server, purpose: purpose, message: "queue.declare-ok without arguments")
        }
        return AMQPQueueInfo(name: String(amqpBytes: ok.queue), messageCount: Int(ok.message_count),
                             consumerCount: Int(ok.consumer_count))
    }

    /// Refuses to settle a delivery from an earlier opening of the channel (its tag means nothing now).
    private func checkEpoch(_ delivery: AMQPDelivery, purpose: String) throws {
        guard delivery.channelEpoch == channelEpoch, channelOpen, !lost else {
            throw ConnectorError(.unavailable, server: server, purpose: "\(purpose) delivery \(delivery.deliveryTag)",
                                 message: "the channel that delivered this message was closed; the broker will redeliver it")
        }
    }
}
