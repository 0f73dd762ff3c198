import Crypto
import Foundation
import Reporting

/// The body of one work-queue message (`ninjait.report.job/v1`): one (definition, tenant, period) to produce.
///
/// `period` is the period's label, which is also a parseable period spec (`2026-10`,
/// `2026-W43`, `2026-10-05`, `2026-10-01..2026-10-07`). `attempt` is 1 for the first try and
/// grows with every retry. `messageID` depends on (definition, tenant id, period) only, so the
/// same job enqueued twice carries the same `message_id`; `lockKey` is the PostgreSQL advisory
/// lock that keeps two workers from producing it at once.
public struct JobMessage: Codable, Sendable, Equatable {
    public static let currentSchema = "ninjait.report.job/v1"

    /// The tenant as it was when the job was planned (the worker looks it up again by id).
    public struct TenantRef: Codable, Sendable, Equatable {
        public var id: String
        public var slug: String
    }

    public var schema: String
    public var definition: String
    public var tenant: TenantRef
    public var period: String
    public var attempt: Int
    public var enqueuedAt: String
    /// Why the previous attempt failed (set on retries and in the dead-letter queue).
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case schema, definition, tenant, period, attempt, enqueuedAt = "enqueued_at", lastError = "last_error"
    }

    public init(definition: String, tenantID: String, tenantSlug: String, period: String, attempt: Int = 1,
                enqueuedAt: Date = Date(), lastError: String? = nil) {
        schema = JobMessage.currentSchema
        self.definition = definition
        tenant = TenantRef(id: tenantID, slug: tenantSlug)
        self.period = period
        self.attempt = attempt
        self.enqueuedAt = ISOTimestamp.string(enqueuedAt)
        self.lastError = lastError
    }

    /// The message for a planned job, first attempt.
    public init(job: ReportJob, enqueuedAt: Date = Date()) {
        self.init(definition: job.definition.name, tenantID: job.tenant.id, tenantSlug: job.tenant.slug,
                  period: job.period.label, enqueuedAt: enqueuedAt)
    }

    /// `definition|tenant-id|period`: what makes two jobs the same.
    public var key: String { "\(definition)|\(tenant.id)|\(period)" }

    /// A name-based UUID (version 5) of `key`: equal for the same job, whatever the attempt.
    public var messageID: String { JobMessage.uuid5(name: key) }

    /// The advisory-lock key of this job: the first 8 bytes of SHA-256 of its `key`.
    public var lockKey: Int64 {
        let digest = Array(SHA256.hash(data: Data("ninjait.report.job|\(key)".utf8)))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }

    /// JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a message body; `ReportingError(.invalidInput)` for bad JSON, another schema or empty fields.
    public static func decode(_ body: Data) throws -> JobMessage {
        let message: JobMessage
        do {
            message = try JSONDecoder().decode(JobMessage.self, from: body)
        } catch {
            throw ReportingError(.invalidInput, "not a \(currentSchema) message: \(error)")
        }
        guard message.schema == currentSchema else {
            throw ReportingError(.invalidInput, "unsupported schema '\(message.schema)' (expected \(currentSchema))")
        }
        guard !message.definition.isEmpty, !message.tenant.id.isEmpty, !message.period.isEmpty, message.attempt >= 1 else {
            throw ReportingError(.invalidInput, "a \(currentSchema) message needs definition, tenant.id, period and attempt >= 1")
        }
        return message
    }

    /// The namespace of job ids (a fixed random UUID).
    static let namespace: [UInt8] = [0x3b, 0x8e, 0x51, 0x0c, 0x6f, 0x2d, 0x4a, 0x47, 0x9c, 0x1e, 0x7d, 0x40, 0x52, 0xa6, 0x0b, 0x93]

    /// RFC 4122 version-5 UUID of `name` in `namespace`, lower case.
    static func uuid5(name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: Data(namespace + Array(name.utf8))).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}
