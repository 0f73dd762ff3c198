import CRabbitMQ
import Foundation

/// Publishes with publisher confirms: a call returns only once the broker acked, nacked or returned its messages.
///
/// Puts its connection's channel into confirm mode. A message counts as published only after
/// its `basic.ack`. A `basic.return` (sent with `mandatory` and no queue bound for the routing
/// key) or a `basic.nack` fails it with `.rejected`; no confirm by the deadline is `.timeout`; a
/// lost connection is `.unavailable`. After `.timeout` or `.unavailable` the message may still
/// have been delivered: retry it with the same `messageId` (consumers deduplicate on it).
/// Heartbeats are serviced only while a call runs; a call that finds the connection lost
/// (e.g. after an idle spell longer than two heartbeats) reconnects before sending anything,
/// when the connection's `options.reconnects` allows. While the broker reports a resource
/// alarm (`connection.blocked`) no further message is written; a publish already written into a
/// full socket waits until the broker reads again. Not thread-safe: one per thread.
public final class AMQPPublisher {
    public let connection: AMQPConnection
    /// Default limit in seconds for the confirms of one call (publishing included).
    public var confirmTimeout: Double
    /// A batch waits for confirms whenever this many of its messages are unconfirmed.
    public var maxInFlight: Int = 256
    private var confirmEpoch = 0
    private var nextDeliveryTag: UInt64 = 1

    /// Enables confirms on `connection`, which must not carry a consumer.
    public init(connection: AMQPConnection, confirmTimeout: Double = 30) throws {
        self.connection = connection
        self.confirmTimeout = confirmTimeout
        try connection.claim(.publisher, purpose: "enable publisher confirms")
        try enableConfirms()
    }

    /// Opens its own connection to `url`.
    public convenience init(url: String, options: AMQPConnectionOptions = AMQPConnectionOptions(), confirmTimeout: Double = 30) throws {
        try self.init(connection: AMQPConnection(url: url, options: options), confirmTimeout: confirmTimeout)
    }

    /// Publishes one message and waits for its confirm (`timeout` defaults to `confirmTimeout`).
    public func publish(exchange: String, routingKey: String, body: Data, messageId: String? = nil,
                        contentType: String? = nil, persistent: Bool = true, headers: [String: String] = [:],
                        mandatory: Bool = true, timeout: Double? = nil) throws {
        try publish(AMQPOutgoingMessage(exchange: exchange, routingKey: routingKey, body: body, messageId: messageId,
                                        contentType: contentType, persistent: persistent, headers: headers,
                                        mandatory: mandatory), timeout: timeout)
    }

    /// Publishes one message and waits for its confirm; throws what `publish(batch:)` would report for it.
    public func publish(_ message: AMQPOutgoingMessage, timeout: Double? = nil) throws {
        try publish(batch: [message], timeout: timeout)[0].get()
    }

    /// Publishes every message, then waits for all confirms; returns one outcome per message, in order.
    ///
    /// Never throws: a message that was acked is `.success` even if the connection broke later,
    /// so an outbox can mark exactly those as published. `timeout` bounds the whole call.
    public func publish(batch messages: [AMQPOutgoingMessage], timeout: Double? = nil) -> [Result<Void, ConnectorError>] {
        guard !messages.isEmpty else { return [] }
        let seconds = timeout ?? confirmTimeout
        let deadline = Date().addingTimeInterval(seconds)
        let ids = messages.map { $0.messageId ?? UUID().uuidString.lowercased() }
        var tracker = AMQPConfirmTracker(count: messages.count)
        var nextToSend = 0
        do {
            discardIdleFrames()
            try enableConfirms()
            sending: while nextToSend < messages.count {
                // A broker under a resource alarm stops reading: wait for `unblocked` instead of writing.
                while tracker.inFlight >= max(1, maxInFlight) || connection.blockedReason != nil {
                    guard try awaitConfirm(&tracker, messages, ids, until: deadline) else { break sending }
                }
                let index = nextToSend
                nextToSend += 1
                do {
                    try send(messages[index], messageId: ids[index])
                } catch let error as ConnectorError where connection.isOpen && connection.channelEpoch == confirmEpoch {
                    tracker.fail(index, error)  // not sent (e.g. headers too big); the others go on
                    continue
                }
                tracker.sent(index, tag: nextDeliveryTag)
                nextDeliveryTag += 1
                if index % 32 == 31 {  // take in the confirms that already arrived, without blocking
                    while try awaitConfirm(&tracker, messages, ids, until: .distantPast) {}
                }
            }
            while tracker.inFlight > 0 {
                guard try awaitConfirm(&tracker, messages, ids, until: deadline) else { break }
            }
            if tracker.inFlight > 0 || nextToSend < messages.count {
                var reason = "no confirm from the broker within \(seconds) s"
                if let blocked = connection.blockedReason { reason += "; the broker blocks publishers: \(blocked)" }
                tracker.failUnsettled { ConnectorError(.timeout, server: connection.server, purpose: purpose(messages[$0], ids[$0]),
                                                       message: reason) }
            }
        } catch {
            let failure = error as? ConnectorError ?? ConnectorError(.protocolError, server: connection.server,
                                                                     purpose: "publish", message: "\(error)")
            tracker.failUnsettled { ConnectorError(failure.code, server: failure.server, purpose: purpose(messages[$0], ids[$0]),
                                                   message: failure.message, underlying: failure.underlying) }
        }
        return tracker.results
    }

    // MARK: - Internals

    private func purpose(_ message: AMQPOutgoingMessage, _ id: String) -> String {
        "publish message \(id) to exchange '\(message.exchange)' with routing key '\(message.routingKey)'"
    }

    /// Takes in what arrived while idle (late confirms and returns of a timed-out call), which also
    /// finds out whether the broker hung up meanwhile, so that `enableConfirms` can reconnect
    /// before anything of this call is sent.
    private func discardIdleFrames() {
        guard connection.isOpen else { return }
        var nothing = AMQPConfirmTracker(count: 0)
        while (try? awaitConfirm(&nothing, [], [], until: .distantPast)) == true {}
    }

    /// `confirm.select` on the current channel, again after the channel was reopened (tags restart at 1).
    private func enableConfirms() throws {
        _ = try connection.live("enable publisher confirms")
        guard confirmEpoch != connection.channelEpoch else { return }
        let channel = connection.channel
        _ = try connection.rpc("enable publisher confirms") { state, _ in amqp_confirm_select(state, channel) }
        confirmEpoch = connection.channelEpoch
        nextDeliveryTag = 1
    }

    private func send(_ message: AMQPOutgoingMessage, messageId: String) throws {
        let purpose = purpose(message, messageId)
        let state = try connection.liveState(purpose)
        let channel = connection.channel
        let status = AMQPArena.with { arena -> Int32 in
            var properties = amqp_basic_properties_t()
            var flags = amqp_flags_t(AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG)
            properties.delivery_mode = UInt8((message.persistent ? AMQP_DELIVERY_PERSISTENT : AMQP_DELIVERY_NONPERSISTENT).rawValue)
            properties.message_id = arena.bytes(messageId)
            if let contentType = message.contentType {
                flags |= amqp_flags_t(AMQP_BASIC_CONTENT_TYPE_FLAG)
                properties.content_type = arena.bytes(contentType)
            }
            if !message.headers.isEmpty {
                flags |= amqp_flags_t(AMQP_BASIC_HEADERS_FLAG)
                properties.headers = arena.table(message.headers.mapValues { .string($0) })
            }
            properties._flags = flags
            let exchange = arena.bytes(message.exchange)
            let routingKey = arena.bytes(message.routingKey)
            return message.body.withUnsafeBytes { raw in
                amqp_basic_publish(state, channel, exchange, routingKey, message.mandatory ? 1 : 0, 0, &properties,
                                   amqp_bytes_t(len: raw.count, bytes: UnsafeMutableRawPointer(mutating: raw.baseAddress)))
            }
        }
        try connection.checkStatus(status, purpose: purpose)
    }

    /// Reads one frame and applies it; false when none arrived by `deadline`.
    private func awaitConfirm(_ tracker: inout AMQPConfirmTracker, _ messages: [AMQPOutgoingMessage], _ ids: [String],
                              until deadline: Date) throws -> Bool {
        guard let frame = try connection.nextFrame(until: deadline, purpose: "wait for publisher confirms") else { return false }
        defer { connection.releaseBuffers() }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == connection.channel,
              let decoded = frame.payload.method.decoded else { return true }
        switch frame.payload.method.id {
        case AMQP_BASIC_ACK_METHOD:
            let ack = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            tracker.ack(ack.delivery_tag, multiple: ack.multiple != 0)
        case AMQP_BASIC_NACK_METHOD:
            let nack = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            tracker.nack(nack.delivery_tag, multiple: nack.multiple != 0) { index in
                ConnectorError(.rejected, server: connection.server, purpose: purpose(messages[index], ids[index]),
                               message: "the broker refused the message (basic.nack: queue limit or internal error)")
            }
        case AMQP_BASIC_RETURN_METHOD:
            let back = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let code = Int(back.reply_code)
            let text = String(amqpBytes: back.reply_text)
            let exchange = String(amqpBytes: back.exchange)
            let routingKey = String(amqpBytes: back.routing_key)
            // The content (header + body frames) follows; read it so the stream stays in sync.
            let returnedId = try connection.readMessage(purpose: "read a returned message") { message -> String? in
                message.properties._flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG) != 0
                    ? String(amqpBytes: message.properties.message_id) : nil
            }
            // A return precedes the ack of the same message; returns come in publishing order.
            if let index = tracker.firstUnsettled(where: {
                ids[$0] == returnedId && messages[$0].exchange == exchange && messages[$0].routingKey == routingKey
            }) {
                let reason = code == 312 ? "no queue bound for routing key '\(routingKey)' on exchange '\(exchange)'"
                                         : "the broker returned the message: \(text)"
                tracker.markReturned(index, ConnectorError(.rejected, server: connection.server,
                                                           purpose: purpose(messages[index], ids[index]),
                                                           message: reason, underlying: "AMQP reply \(code) \(text)"))
            }
        case AMQP_CHANNEL_CLOSE_METHOD:
            // E.g. 404 NOT_FOUND for a missing exchange: everything unconfirmed on this channel is lost.
            throw connection.serverClosed(frame.payload.method, purpose: "publish", refusal: .rejected)
        case AMQP_BASIC_DELIVER_METHOD:
            _ = try connection.readMessage(purpose: "skip a delivery on a publisher's channel") { _ in () }
        default:
            break
        }
        return true
    }
}
