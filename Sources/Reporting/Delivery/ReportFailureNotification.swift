import Foundation

/// The `ninjait.report.failed/v1` message body: a report that failed after its retries.
///
/// Published through the outbox like `report.ready` (routing key
/// `report.failed.<tenant-slug>.<definition-name>`, `message_id` = the failed run's id) and
/// mailed by the mailer to the operators (`ops_recipients`), never to the tenant. The error
/// names the server and the query's purpose; its message never carries a secret or SQL.
public struct ReportFailureNotification: Sendable, Codable, Equatable {
    /// What went wrong: the server ("clickhouse", "influxdb", "postgresql", "rabbitmq", "render",
    /// "filesystem", ...), the query's or step's purpose, and the human message.
    public struct Failure: Sendable, Codable, Equatable {
        public var server: String
        public var purpose: String
        public var message: String

        public init(server: String, purpose: String, message: String) {
            self.server = server
            self.purpose = purpose
            self.message = message
        }
    }

    public var schema = "ninjait.report.failed/v1"
    public var runId: String
    public var definition: String
    public var kind: String
    public var title: String
    public var tenant: ReportNotification.Tenant
    public var period: ReportNotification.Period
    public var failedAt: String
    public var attempts: Int
    public var error: Failure

    enum CodingKeys: String, CodingKey {
        case schema, runId = "run_id", definition, kind, title, tenant, period, failedAt = "failed_at", attempts, error
    }

    public init(runId: String, definition: String, kind: String, title: String, tenant: ReportNotification.Tenant,
                period: ReportNotification.Period, failedAt: String, attempts: Int, error: Failure) {
        self.runId = runId
        self.definition = definition
        self.kind = kind
        self.title = title
        self.tenant = tenant
        self.period = period
        self.failedAt = failedAt
        self.attempts = attempts
        self.error = error
    }

    /// The routing key: `report.failed.<tenant-slug>.<definition-name>`.
    public var routingKey: String { "report.failed.\(tenant.slug).\(definition)" }

    /// Compact JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> ReportFailureNotification {
        try JSONDecoder().decode(ReportFailureNotification.self, from: data)
    }
}
