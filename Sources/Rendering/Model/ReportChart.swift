/// A tenant-level chart with explicit series (already downsampled by the caller, e.g. LTTB).
///
/// HTML draws it as inline SVG (series beyond `HTMLOptions.maxChartPoints` points are
/// downsampled again); XLSX writes its data and a native chart on a "Charts" sheet; CSV
/// does not carry charts (put the data in a table if it belongs in CSV).
public struct ReportChart: Hashable, Sendable {
    public var title: String
    public var unit: String
    public var style: ChartStyle
    public var series: [ChartSeries]
    public var referenceLines: [ChartReferenceLine]
    public var yRange: ClosedRange<Double>?
    /// A stable name for translations (`<kind>.chart.<key>` in the catalogs); nil: the title as given.
    public var key: String?

    public init(title: String, unit: String, style: ChartStyle = .line, series: [ChartSeries],
                referenceLines: [ChartReferenceLine] = [], yRange: ClosedRange<Double>? = nil, key: String? = nil) {
        self.key = key
        self.title = title
        self.unit = unit
        self.style = style
        self.series = series
        self.referenceLines = referenceLines
        self.yRange = yRange
    }
}
