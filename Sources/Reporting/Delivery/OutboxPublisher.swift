import Connectors
import Foundation

/// Sends `reporting.outbox` rows to RabbitMQ with publisher confirms; marks a row published only after the broker's ack.
///
/// Rows are locked (`FOR UPDATE SKIP LOCKED`) while they are sent, so two flushers never send
/// the same row at once. A row the broker returned, nacked or never confirmed stays unpublished
/// with its attempt count and last error, and goes out with the same `message_id` next time.
public struct OutboxPublisher {
    let pg: PostgresClient
    let amqpURL: String
    let confirmTimeout: Double

    public init(pg: PostgresClient, amqpURL: String, confirmTimeout: Double = 15) {
        self.pg = pg
        self.amqpURL = amqpURL
        self.confirmTimeout = confirmTimeout
    }

    /// What a flush did.
    public struct Outcome: Sendable {
        public var published = 0
        public var failed = 0
        public var errors: [String] = []
    }

    /// Publishes up to `limit` unpublished rows, oldest first. Throws only when PostgreSQL fails;
    /// a broker problem is reported in the outcome (rows kept for the next flush).
    public func flush(limit: Int = 1000) throws -> Outcome {
        var outcome = Outcome()
        try pg.transaction(purpose: "outbox: flush") {
            let rows = try pg.query("""
                SELECT id, message_id, exchange, routing_key, body FROM reporting.outbox
                WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
                """, [limit], purpose: "outbox: pending rows")
            guard rows.count > 0 else { return }
            var messages: [AMQPOutgoingMessage] = []
            var ids: [Int] = []
            for i in 0..<rows.count {
                ids.append(rows.int(i, 0) ?? 0)
                messages.append(AMQPOutgoingMessage(exchange: rows.string(i, 2) ?? "", routingKey: rows.string(i, 3) ?? "",
                                                    body: Data((rows.string(i, 4) ?? "").utf8), messageId: rows.string(i, 1),
                                                    contentType: "application/json", persistent: true, mandatory: true))
            }
            // One batch per exchange: a missing exchange closes the channel, and must not fail the others.
            var results = Array(repeating: Result<Void, ConnectorError>.success(()), count: messages.count)
            var publisher: AMQPPublisher? = nil
            var connectError: ConnectorError? = nil
            do {
                publisher = try AMQPPublisher(url: amqpURL, confirmTimeout: confirmTimeout)
            } catch {
                connectError = (error as? ConnectorError) ?? ConnectorError(.unavailable, server: "rabbitmq", purpose: "outbox: connect", message: "\(error)")
            }
            for exchange in Set(messages.map(\.exchange)).sorted() {
                let indexes = messages.indices.filter { messages[$0].exchange == exchange }
                let batch = indexes.map { messages[$0] }
                let outcome: [Result<Void, ConnectorError>]
                if let publisher {
                    outcome = publisher.publish(batch: batch, timeout: confirmTimeout)
                } else {
                    outcome = Array(repeating: .failure(connectError!), count: batch.count)
                }
                for (k, i) in indexes.enumerated() { results[i] = outcome[k] }
            }
            for (id, result) in zip(ids, results) {
                switch result {
                case .success:
                    try pg.query("UPDATE reporting.outbox SET published_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL WHERE id = $1",
                                 [id], purpose: "outbox: mark published")
                    outcome.published += 1
                case .failure(let error):
                    try pg.query("UPDATE reporting.outbox SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2 WHERE id = $1",
                                 [id, error.description], purpose: "outbox: record failure")
                    outcome.failed += 1
                    if !outcome.errors.contains(error.description) { outcome.errors.append(error.description) }
                }
            }
        }
        return outcome
    }

    /// One row of `outbox list`.
    public struct Entry: Sendable {
        public var messageID: String, routingKey: String, createdAt: Date?, attempts: Int, publishedAt: Date?, lastError: String?
    }

    /// Rows, unpublished first, newest first.
    public func list(includePublished: Bool, limit: Int = 200) throws -> [Entry] {
        let r = try pg.query("""
            SELECT message_id, routing_key, created_at, attempts, published_at, last_error FROM reporting.outbox
            WHERE $1 OR published_at IS NULL ORDER BY (published_at IS NULL) DESC, id DESC LIMIT $2
            """, [includePublished, limit], purpose: "outbox: list")
        return (0..<r.count).map { i in
            Entry(messageID: r.string(i, 0) ?? "", routingKey: r.string(i, 1) ?? "", createdAt: r.date(i, 2), attempts: r.int(i, 3) ?? 0,
                  publishedAt: r.date(i, 4), lastError: r.string(i, 5))
        }
    }
}
