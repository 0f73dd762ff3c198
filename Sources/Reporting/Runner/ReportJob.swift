import Analytics

/// One (definition, tenant, period) to produce, with the period resolved in the tenant's zone.
public struct ReportJob: Sendable {
    public var definition: ReportDefinition
    public var tenant: Tenant
    public var period: ReportPeriod

    init(definition: ReportDefinition, tenant: Tenant, period: ReportPeriod) {
        self.definition = definition
        self.tenant = tenant
        self.period = period
    }

    /// What makes two jobs the same report.
    public var key: ReportJobKey { ReportJobKey(definition: definition.name, tenantID: tenant.id, periodLabel: period.label) }
}
