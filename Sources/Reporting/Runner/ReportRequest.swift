import Analytics

/// What `run` asks for: one definition (or a kind with its defaults), for some tenants, over a period.
public struct ReportRequest: Sendable {
    /// A definition's name in the reports directory, or a kind (`sla`, `performance`, `alerts`, `inventory`).
    public var definition: String
    /// The tenants by slug (each must exist); nil: the tenants the definition names.
    public var tenantSlugs: [String]?
    /// Overrides the definition's period.
    public var period: PeriodSpec?

    public init(definition: String, tenantSlugs: [String]? = nil, period: PeriodSpec? = nil) {
        self.definition = definition
        self.tenantSlugs = tenantSlugs
        self.period = period
    }
}
