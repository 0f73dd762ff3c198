import Foundation

/// One `reporting.report_runs` row as the producer recorded it: what the mailer trusts.
public struct RecordedRun: Sendable, Equatable {
    public var id: UUID
    /// `running`, `succeeded`, `failed`, `superseded` or `abandoned`.
    public var status: String
    public var definition: String
    public var kind: String
    public var organizationID: String
    public var tenantSlug: String
    public var periodLabel: String
    /// The published report folder `<out>/<tenant>/<definition>/<period>` (nil unless it succeeded).
    public var outputDirectory: String?
    public var files: [ReportFile]
    /// The tenant's recipients when the run succeeded; nil for runs recorded before they were kept.
    public var recipients: [String]?
    public var error: String?

    public init(id: UUID, status: String, definition: String, kind: String, organizationID: String, tenantSlug: String,
                periodLabel: String, outputDirectory: String?, files: [ReportFile], recipients: [String]?, error: String?) {
        self.id = id
        self.status = status
        self.definition = definition
        self.kind = kind
        self.organizationID = organizationID
        self.tenantSlug = tenantSlug
        self.periodLabel = periodLabel
        self.outputDirectory = outputDirectory
        self.files = files
        self.recipients = recipients
        self.error = error
    }
}
