/// Whether a KPI meets its objective; nil status means "informational".
public enum KPIStatus: String, Hashable, Sendable {
    case ok
    case warning
    case breached
}
