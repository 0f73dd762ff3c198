/// A horizontal reference line (e.g. the SLA target at 99.9).
public struct ChartReferenceLine: Hashable, Sendable {
    public var label: String
    public var value: Double
    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}
