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
            let table = OutboxTable(pg: pg)
            let rows = try table.lockPending(limit: limit)
            guard !rows.isEmpty else { return }
            let ids = rows.map(\.id)
            let messages = rows.map { row in
                AMQPOutgoingMessage(exchange: row.exchange, routingKey: row.routingKey, body: Data(row.body.utf8), messageId: row.messageID,
                                    contentType: "application/json", persistent: true, mandatory: true)
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
                    try table.markPublished(id)
                    outcome.published += 1
                case .failure(let error):
                    try table.recordFailure(id, error: error.description)
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
        try OutboxTable(pg: pg).list(includePublished: includePublished, limit: limit)
    }
}
