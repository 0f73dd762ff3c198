/// One row: one value per column, in column order, and whether the row breached its SLA (red fill).
public struct ReportRow: Hashable, Sendable {
    public var values: [ReportValue]
    public var breached: Bool

    public init(_ values: [ReportValue], breached: Bool = false) {
        self.values = values
        self.breached = breached
    }
}
