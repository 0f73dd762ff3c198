import Analytics
import Crypto
import Foundation
import Reporting

/// The body of one work-queue message (`ninjait.report.job/v2`): one (definition, tenant, period) to produce.
///
/// `period` is the period as planned, resolved in the tenant's zone:
/// `{"label": "2026-10", "start": "…Z", "end": "…Z", "timezone": "Europe/Berlin"}` (see
/// `ReportPeriod`'s JSON form); the worker reads the same local days in the tenant's zone of
/// the moment. A `ninjait.report.job/v1` body, whose `period` is a fixed label such as
/// `2026-10`, is still accepted (read in UTC until the tenant's zone is known) and is written
/// back as v2. `attempt` is 1 for the first try and grows with every retry. `messageID`
/// depends on the job's key only (`ReportJobKey`: definition, tenant id, period label), so the
/// same job enqueued twice carries the same `message_id`; `lockKey` is the PostgreSQL advisory
/// lock that keeps two workers from producing it at once.
public struct JobMessage: Codable, Sendable, Equatable {
    public static let currentSchema = "ninjait.report.job/v2"
    /// The schema before periods were carried resolved (a label instead of `period`'s object).
    static let labelSchema = "ninjait.report.job/v1"

    /// The tenant as it was when the job was planned (the worker looks it up again by id).
    public struct TenantRef: Codable, Sendable, Equatable {
        public var id: String
        public var slug: String
    }

    public var schema: String
    public var definition: String
    public var tenant: TenantRef
    public var period: ReportPeriod
    public var attempt: Int
    public var enqueuedAt: String
    /// Why the previous attempt failed (set on retries and in the dead-letter queue).
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case schema, definition, tenant, period, attempt, enqueuedAt = "enqueued_at", lastError = "last_error"
    }

    public init(definition: String, tenantID: String, tenantSlug: String, period: ReportPeriod, attempt: Int = 1,
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
        self.init(definition: job.definition.name, tenantID: job.tenant.id, tenantSlug: job.tenant.slug, period: job.period,
                  enqueuedAt: enqueuedAt)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        definition = try c.decode(String.self, forKey: .definition)
        tenant = try c.decode(TenantRef.self, forKey: .tenant)
        attempt = try c.decode(Int.self, forKey: .attempt)
        enqueuedAt = try c.decode(String.self, forKey: .enqueuedAt)
        lastError = try c.decodeIfPresent(String.self, forKey: .lastError)
        guard schema == JobMessage.labelSchema else {
            period = try c.decode(ReportPeriod.self, forKey: .period)
            return
        }
        let label = try c.decode(String.self, forKey: .period)
        let spec: PeriodSpec
        do { spec = try PeriodSpec(parsing: label) } catch {
            throw DecodingError.dataCorruptedError(forKey: .period, in: c, debugDescription: error.message)
        }
        guard !spec.isRelative else {
            throw DecodingError.dataCorruptedError(forKey: .period, in: c, debugDescription: "period '\(label)' is not a fixed period")
        }
        period = spec.resolve(relativeTo: Date(), in: .gmt)
        schema = JobMessage.currentSchema
    }

    /// The job's identity (`definition|tenant-id|period-label`).
    public var jobKey: ReportJobKey { ReportJobKey(definition: definition, tenantID: tenant.id, periodLabel: period.label) }

    /// `definition|tenant-id|period-label`: what makes two jobs the same.
    public var key: String { jobKey.description }

    /// A name-based UUID (version 5) of `key`: equal for the same job, whatever the attempt.
    public var messageID: String { JobMessage.uuid5(name: key) }

    /// The advisory-lock key of this job (see `ReportJobKey.lockKey`).
    public var lockKey: Int64 { jobKey.lockKey }

    /// JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a message body; `ReportingError(.invalidInput)` for bad JSON (a period that is not
    /// a fixed one, or whose start and end do not match its label), another schema or empty fields.
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
        guard !message.definition.isEmpty, !message.tenant.id.isEmpty, message.attempt >= 1 else {
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
