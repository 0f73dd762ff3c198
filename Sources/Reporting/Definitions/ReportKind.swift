/// The four report kinds: `sla`, `performance`, `alerts`, `inventory`.
public enum ReportKind: String, Sendable, CaseIterable {
    case sla, performance, alerts, inventory
}
