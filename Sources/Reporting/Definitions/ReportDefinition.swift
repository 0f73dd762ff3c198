import Analytics
import Rendering

/// A validated report definition from `reports/*.yaml`, or the built-in one of a kind.
public struct ReportDefinition: Sendable {
    public var name: String
    public var title: String
    public var kind: ReportKind
    public var schedule: ReportSchedule
    /// The period each run covers, resolved per tenant when the run is planned.
    public var period: PeriodSpec
    public var tenants: TenantSelection
    /// The formats written, in the order listed.
    public var formats: [OutputFormat]
    public var options: ReportOptions
    /// The HTML template's name in the templates directory (default `report`).
    public var template: String
    /// Where it was defined, for messages.
    public var file: String

    public init(name: String, title: String, kind: ReportKind, schedule: ReportSchedule, period: PeriodSpec,
                tenants: TenantSelection = .all, formats: [OutputFormat] = OutputFormat.allCases,
                options: ReportOptions = ReportOptions(), template: String = "report", file: String = "built-in") {
        self.name = name
        self.title = title
        self.kind = kind
        self.schedule = schedule
        self.period = period
        self.tenants = tenants
        self.formats = formats
        self.options = options
        self.template = template
        self.file = file
    }

    /// The definition `run KIND` uses when NAME is a kind rather than a file in reports/.
    public static func defaults(for kind: ReportKind) -> ReportDefinition {
        let title: String
        switch kind {
        case .sla: title = "Availability and SLA"
        case .performance: title = "Performance"
        case .alerts: title = "Alerts"
        case .inventory: title = "Device inventory"
        }
        return ReportDefinition(name: kind.rawValue, title: title, kind: kind, schedule: .monthly(1), period: .previousMonth)
    }
}
