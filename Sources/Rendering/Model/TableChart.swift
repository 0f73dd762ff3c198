/// A chart drawn from a table's own columns: a native line chart next to the XLSX sheet and an SVG in HTML.
///
/// `x` names a timestamp or date column, `y` one or more numeric columns (one series each).
public struct TableChart: Hashable, Sendable {
    public var title: String
    public var x: String
    public var y: [String]
    public var unit: String
    public var style: ChartStyle
    public var referenceLines: [ChartReferenceLine]
    public var yRange: ClosedRange<Double>?

    public init(title: String, x: String, y: [String], unit: String, style: ChartStyle = .line,
                referenceLines: [ChartReferenceLine] = [], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.unit = unit
        self.style = style
        self.referenceLines = referenceLines
        self.yRange = yRange
    }
}
