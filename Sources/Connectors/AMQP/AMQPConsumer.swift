import CRabbitMQ
import Foundation

/// Consumes one queue with manual acks; `next(timeout:)` waits at most `timeout` seconds for a delivery.
///
/// Sets the prefetch (`basic.qos`) and starts `basic.consume` in `init`. Every delivery must be
/// acked, nacked or rejected here (or on the connection); unsettled ones go back to the queue
/// when the connection closes and come again with `redelivered` set. Heartbeats are serviced
/// only inside `next`, so call it at least once per heartbeat interval. After the broker closed
/// the channel, or the connection was lost (and `options.reconnects`), `next` reopens it and
/// consumes again; deliveries of the old channel can no longer be acked (the broker redelivers
/// them). Not thread-safe: one per thread.
public final class AMQPConsumer {
    public let connection: AMQPConnection
    public let queue: String
    public let prefetch: Int
    /// The tag the broker gave this consumer, nil when not consuming.
    public private(set) var consumerTag: String?
    private var consumeEpoch = 0
    private var stopped = false

    /// Starts consuming `queue` on `connection`, which must not carry a publisher.
    public init(connection: AMQPConnection, queue: String, prefetch: Int = 10) throws {
        self.connection = connection
        self.queue = queue
        self.prefetch = prefetch
        try connection.claim(.consumer, purpose: "consume queue '\(queue)'")
        try startIfNeeded()
    }

    /// Opens its own connection to `url`.
    public convenience init(url: String, queue: String, prefetch: Int = 10,
                            options: AMQPConnectionOptions = AMQPConnectionOptions()) throws {
        try self.init(connection: AMQPConnection(url: url, options: options), queue: queue, prefetch: prefetch)
    }

    /// The next delivery, or nil when none arrived within `timeout` seconds (0 polls).
    ///
    /// Throws `.unavailable` when the connection is lost or the broker cancels the consumer
    /// (queue deleted), and the broker's reply when it closes the channel.
    public func next(timeout: Double) throws -> AMQPDelivery? {
        let deadline = Date().addingTimeInterval(timeout)
        do {
            return try receive(until: deadline)
        } catch is ConnectorError where connection.lost && connection.options.reconnects {
            // Lost before anything was delivered in this call (e.g. idle past the heartbeat):
            // consume again on a new connection; unacked deliveries come back redelivered.
            return try receive(until: deadline)
        }
    }

    private func receive(until deadline: Date) throws -> AMQPDelivery? {
        let purpose = "consume queue '\(queue)'"
        try startIfNeeded()
        while true {
            let state = try connection.liveState(purpose)
            amqp_maybe_release_buffers(state)
            var envelope = amqp_envelope_t()
            var wait = timeval(amqpTimeout: deadline.timeIntervalSinceNow)
            let reply = amqp_consume_message(state, &envelope, &wait, 0)
            if reply.reply_type == AMQP_RESPONSE_NORMAL {
                defer { amqp_destroy_envelope(&envelope) }
                guard envelope.channel == connection.channel else { continue }
                return AMQPDelivery(deliveryTag: envelope.delivery_tag, redelivered: envelope.redelivered != 0,
                                    exchange: String(amqpBytes: envelope.exchange),
                                    routingKey: String(amqpBytes: envelope.routing_key),
                                    consumerTag: String(amqpBytes: envelope.consumer_tag),
                                    message: envelope.message, channelEpoch: connection.channelEpoch)
            }
            if reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION {
                if reply.library_error == AMQP_STATUS_TIMEOUT.rawValue { return nil }
                if reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue {
                    // Another frame came first; rabbitmq-c put it back for us to read.
                    try handleOtherFrame(purpose: purpose)
                    if deadline.timeIntervalSinceNow <= 0 { return nil }
                    continue
                }
            }
            try connection.check(reply, purpose: purpose)
        }
    }

    /// Acknowledges a delivery: the broker forgets the message.
    public func ack(_ delivery: AMQPDelivery) throws { try connection.ack(delivery) }

    /// Acknowledges `deliveryTag` (and with `multiple` every earlier unacked tag).
    public func ack(deliveryTag: UInt64, multiple: Bool = false) throws {
        try connection.ack(deliveryTag: deliveryTag, multiple: multiple)
    }

    /// Negatively acknowledges a delivery: requeued, or dead-lettered / dropped when `requeue` is false.
    public func nack(_ delivery: AMQPDelivery, requeue: Bool = true) throws { try connection.nack(delivery, requeue: requeue) }

    /// `basic.nack` of `deliveryTag` (and with `multiple` every earlier unacked tag).
    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) throws {
        try connection.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)
    }

    /// Rejects a delivery: requeued, or dead-lettered / dropped when `requeue` is false.
    public func reject(_ delivery: AMQPDelivery, requeue: Bool) throws { try connection.reject(delivery, requeue: requeue) }

    /// `basic.reject` of `deliveryTag`.
    public func reject(deliveryTag: UInt64, requeue: Bool) throws {
        try connection.reject(deliveryTag: deliveryTag, requeue: requeue)
    }

    /// Stops new deliveries (`basic.cancel`); `next` still returns those already sent, then nil.
    public func cancel() throws {
        stopped = true
        guard let tag = consumerTag, consumeEpoch == connection.channelEpoch, connection.isOpen else { return }
        let channel = connection.channel
        _ = try connection.rpc("cancel consumer \(tag) of queue '\(queue)'") { state, arena in
            amqp_basic_cancel(state, channel, arena.bytes(tag))
        }
        consumerTag = nil
    }

    // MARK: - Internals

    /// `basic.qos` and `basic.consume` (manual ack), again after the channel was reopened.
    private func startIfNeeded() throws {
        guard !stopped else { return }
        _ = try connection.live("consume queue '\(queue)'")
        guard consumeEpoch != connection.channelEpoch else { return }
        try connection.setPrefetch(prefetch)
        let channel = connection.channel
        let queue = queue
        let ok = try connection.rpc("consume queue '\(queue)'") { state, arena in
            amqp_basic_consume(state, channel, arena.bytes(queue), amqp_bytes_t(), 0, 0, 0, amqp_table_t())
        }
        consumerTag = ok.map { String(amqpBytes: $0.consumer_tag) }
        consumeEpoch = connection.channelEpoch
    }

    /// Reads the frame that is not a `basic.deliver` and acts on it: closes and cancels throw, the rest is skipped.
    private func handleOtherFrame(purpose: String) throws {
        guard let frame = try connection.nextFrame(until: .distantPast, purpose: purpose) else { return }
        defer { connection.releaseBuffers() }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == connection.channel else { return }
        switch frame.payload.method.id {
        case AMQP_CHANNEL_CLOSE_METHOD:
            throw connection.serverClosed(frame.payload.method, purpose: purpose)
        case AMQP_BASIC_CANCEL_METHOD:
            consumeEpoch = 0
            consumerTag = nil
            throw ConnectorError(.unavailable, server: connection.server, purpose: purpose,
                                 message: "the broker cancelled the consumer (queue deleted or its node down)")
        case AMQP_BASIC_RETURN_METHOD:
            _ = try connection.readMessage(purpose: "skip a returned message") { _ in () }
        default:
            break
        }
    }
}
