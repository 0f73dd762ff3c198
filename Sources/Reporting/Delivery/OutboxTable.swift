import Connectors
import Foundation

/// `reporting.outbox`: notifications not yet confirmed by the broker. Every query of that table is here.
///
/// `ReportLedger` queues a row in the transaction that marks its run succeeded (`report.ready`)
/// or failed (`report.failed`);
/// `OutboxPublisher` locks pending rows, sends them and records each outcome.
struct OutboxTable {
    let pg: PostgresClient

    /// A row waiting to be published.
    struct Pending {
        var id: Int
        var messageID: String?
        var exchange: String
        var routingKey: String
        var body: String
    }

    /// Queues a notification whose `message_id` is its run's id (call inside the transaction that records the run's outcome).
    func queue(messageID: UUID, exchange: String, routingKey: String, body: String,
               purpose: String = "outbox: queue the notification") throws {
        try pg.query("""
            INSERT INTO reporting.outbox (message_id, run_id, exchange, routing_key, body) VALUES ($1, $1, $2, $3, $4)
            """, [messageID, exchange, routingKey, body], purpose: purpose)
    }

    /// Up to `limit` unpublished rows, oldest first, locked (`FOR UPDATE SKIP LOCKED`) until the transaction ends.
    func lockPending(limit: Int) throws -> [Pending] {
        let rows = try pg.query("""
            SELECT id, message_id, exchange, routing_key, body FROM reporting.outbox
            WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            """, [limit], purpose: "outbox: pending rows")
        return (0..<rows.count).map { i in
            Pending(id: rows.int(i, 0) ?? 0, messageID: rows.string(i, 1), exchange: rows.string(i, 2) ?? "",
                    routingKey: rows.string(i, 3) ?? "", body: rows.string(i, 4) ?? "")
        }
    }

    /// The broker confirmed row `id`.
    func markPublished(_ id: Int) throws {
        try pg.query("UPDATE reporting.outbox SET published_at = now(), attempts = attempts + 1, last_attempt_at = now(), last_error = NULL WHERE id = $1",
                     [id], purpose: "outbox: mark published")
    }

    /// Sending row `id` failed with `error` (free of secrets); it stays for the next flush.
    func recordFailure(_ id: Int, error: String) throws {
        try pg.query("UPDATE reporting.outbox SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2 WHERE id = $1",
                     [id, error], purpose: "outbox: record failure")
    }

    /// Rows for `outbox list`: unpublished first, newest first.
    func list(includePublished: Bool, limit: Int) throws -> [OutboxPublisher.Entry] {
        let r = try pg.query("""
            SELECT message_id, routing_key, created_at, attempts, published_at, last_error FROM reporting.outbox
            WHERE $1 OR published_at IS NULL ORDER BY (published_at IS NULL) DESC, id DESC LIMIT $2
            """, [includePublished, limit], purpose: "outbox: list")
        return (0..<r.count).map { i in
            OutboxPublisher.Entry(messageID: r.string(i, 0) ?? "", routingKey: r.string(i, 1) ?? "", createdAt: r.date(i, 2),
                                  attempts: r.int(i, 3) ?? 0, publishedAt: r.date(i, 4), lastError: r.string(i, 5))
        }
    }
}
