import CRabbitMQ
import Foundation

/// One message to publish: where it goes, its body, and the properties consumers rely on.
///
/// `messageId` nil means a random UUID is sent (the publisher matches a `basic.return` to its
/// message by it); consumers deduplicate on it, so a retry of the same logical message must
/// reuse the same id. `persistent` sets delivery mode 2. `mandatory` makes an unroutable
/// message come back as a failure instead of being silently dropped.
public struct AMQPOutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: Data
    public var messageId: String?
    public var contentType: String?
    public var persistent: Bool
    public var headers: [String: String]
    public var mandatory: Bool

    public init(exchange: String, routingKey: String, body: Data, messageId: String? = nil,
                contentType: String? = nil, persistent: Bool = true, headers: [String: String] = [:],
                mandatory: Bool = true) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageId = messageId
        self.contentType = contentType
        self.persistent = persistent
        self.headers = headers
        self.mandatory = mandatory
    }
}

/// A message taken from a queue (by a consumer or `AMQPConnection.get`), with what is needed to ack it.
///
/// `deliveryTag` is only valid on the channel that delivered it: after the connection was
/// closed or its channel reopened, acking it fails and the broker redelivers the message
/// (`redelivered` is then true). `headers` shows the scalar headers as text; `headerFields`
/// has every header with its type (e.g. the `x-death` array of a dead-lettered message).
public struct AMQPDelivery: Sendable {
    public let deliveryTag: UInt64
    public let redelivered: Bool
    public let exchange: String
    public let routingKey: String
    public let body: Data
    public let messageId: String?
    public let contentType: String?
    public let correlationId: String?
    /// Whether the message was published with delivery mode 2 (persistent).
    public let persistent: Bool
    public let headerFields: [String: AMQPFieldValue]
    /// The consumer tag for `basic.deliver`, nil for `basic.get`.
    public let consumerTag: String?
    /// Which opening of the channel delivered the message (acks from an older one are refused locally).
    let channelEpoch: Int

    /// Scalar headers as text (`"3"`, `"true"`, the string itself); arrays and tables are left out.
    public var headers: [String: String] {
        headerFields.filter { $0.value.isScalar }.mapValues(\.description)
    }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    init(deliveryTag: UInt64, redelivered: Bool, exchange: String, routingKey: String, consumerTag: String?,
         message: amqp_message_t, channelEpoch: Int) {
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.consumerTag = consumerTag
        self.channelEpoch = channelEpoch
        let properties = message.properties
        let flags = properties._flags
        func text(_ flag: Int32, _ bytes: amqp_bytes_t) -> String? {
            flags & amqp_flags_t(flag) != 0 ? String(amqpBytes: bytes) : nil
        }
        messageId = text(AMQP_BASIC_MESSAGE_ID_FLAG, properties.message_id)
        contentType = text(AMQP_BASIC_CONTENT_TYPE_FLAG, properties.content_type)
        correlationId = text(AMQP_BASIC_CORRELATION_ID_FLAG, properties.correlation_id)
        persistent = flags & amqp_flags_t(AMQP_BASIC_DELIVERY_MODE_FLAG) != 0
            && properties.delivery_mode == UInt8(AMQP_DELIVERY_PERSISTENT.rawValue)
        headerFields = flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG) != 0 ? AMQPFieldValue.decode(properties.headers) : [:]
        if message.body.len > 0, let base = message.body.bytes {
            body = Data(bytes: base, count: message.body.len)
        } else {
            body = Data()
        }
    }
}

/// A queue as the broker reports it in `queue.declare-ok`.
public struct AMQPQueueInfo: Sendable, Equatable {
    public let name: String
    /// Messages ready for delivery (not counting those delivered and not yet acked).
    public let messageCount: Int
    public let consumerCount: Int

    public init(name: String, messageCount: Int, consumerCount: Int) {
        self.name = name
        self.messageCount = messageCount
        self.consumerCount = consumerCount
    }
}
