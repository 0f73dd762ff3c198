import Foundation

/// The `ninjait.report.ready/v1` message body: versioned JSON that the mailer and other consumers read.
public struct ReportNotification: Sendable, Codable, Equatable {
    public struct Tenant: Sendable, Codable, Equatable {
        public var id: String
        public var slug: String
        public var name: String
    }

    public struct Period: Sendable, Codable, Equatable {
        public var label: String
        public var start: String
        public var end: String
        public var timezone: String
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var availabilityPct: Double?
        public var slaTargetPct: Double?
        public var slaMet: Bool?
        public var devices: Int
        public var outages: Int?

        enum CodingKeys: String, CodingKey {
            case availabilityPct = "availability_pct", slaTargetPct = "sla_target_pct", slaMet = "sla_met", devices, outages
        }
    }

    public var schema = "ninjait.report.ready/v1"
    public var runId: String
    public var definition: String
    public var kind: String
    public var title: String
    public var tenant: Tenant
    public var period: Period
    public var generatedAt: String
    public var recipients: [String]
    public var files: [ReportFile]
    public var summary: Summary
    /// The report's language (BCP 47, e.g. `de-DE`), so the mail is written in it; absent means en-US.
    public var locale: String? = nil

    enum CodingKeys: String, CodingKey {
        case schema, runId = "run_id", definition, kind, title, tenant, period, generatedAt = "generated_at", recipients, files, summary, locale
    }

    /// The routing key: `report.ready.<tenant-slug>.<definition-name>`.
    public var routingKey: String { "report.ready.\(tenant.slug).\(definition)" }

    /// Compact JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> ReportNotification {
        try JSONDecoder().decode(ReportNotification.self, from: data)
    }

}
