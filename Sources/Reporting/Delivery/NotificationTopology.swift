import Connectors

/// The broker side of the notification contract: the topic exchange and the mailer's queue.
///
/// `migrate` declares it so that notifications published before the mailer first runs are
/// already kept; the mailer declares it again at start (idempotent).
public enum NotificationTopology {
    /// The queue the project's own mailer consumes.
    public static let mailerQueue = "ninjait.reports.mailer"
    /// The binding for every `report.ready` message.
    public static let mailerBindingKey = "report.ready.#"
    /// The binding for every `report.failed` message (mailed to the operators).
    public static let failureBindingKey = "report.failed.#"
    /// The bindings of the mailer's queue: reports that are ready and reports that failed.
    public static let mailerBindingKeys = [mailerBindingKey, failureBindingKey]

    /// Declares the exchange, the durable queue (only when missing, so that an operator's own
    /// declaration with e.g. `x-dead-letter-exchange` stays as it is) and its bindings.
    public static func declare(on connection: AMQPConnection, exchange: String,
                               queue: String = mailerQueue, bindingKeys: [String] = mailerBindingKeys) throws {
        try connection.declareExchange(exchange, type: "topic", durable: true)
        do {
            _ = try connection.queueInfo(queue)
        } catch let error as ConnectorError where error.code == .serverError {
            try connection.declareQueue(queue, durable: true)
        }
        for key in bindingKeys { try connection.bindQueue(queue, exchange: exchange, bindingKey: key) }
    }
}
