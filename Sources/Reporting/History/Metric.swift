/// The metrics that `system_metrics` carries, in storage order.
public enum Metric: String, Sendable, CaseIterable {
    case cpu = "cpu_usage"
    case memory = "memory_usage"
    case disk = "disk_usage"

    /// Human label for reports.
    public var label: String {
        switch self {
        case .cpu: return "CPU"
        case .memory: return "Memory"
        case .disk: return "Disk"
        }
    }
}
