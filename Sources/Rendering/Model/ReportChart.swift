import Foundation

/// Line or bar.
public enum ChartStyle: String, Hashable, Sendable {
    case line
    case bar
}

/// A horizontal reference line (e.g. the SLA target at 99.9).
public struct ChartReferenceLine: Hashable, Sendable {
    public var label: String
    public var value: Double
    public init(label: String, value: Double) {
        self.label = label
        self.value = value
    }
}

/// A named series of points in ascending `x` order.
public struct ChartSeries: Hashable, Sendable {
    /// One point of a series; `y == nil` is a gap (no data), drawn as a break in the line.
    public struct Point: Hashable, Sendable {
        public var x: Date
        public var y: Double?
        public init(x: Date, y: Double?) {
            self.x = x
            self.y = y
        }
    }

    public var name: String
    public var points: [Point]
    public init(name: String, points: [ChartSeries.Point]) {
        self.name = name
        self.points = points
    }
}

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

    public init(title: String, unit: String, style: ChartStyle = .line, series: [ChartSeries],
                referenceLines: [ChartReferenceLine] = [], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.unit = unit
        self.style = style
        self.series = series
        self.referenceLines = referenceLines
        self.yRange = yRange
    }
}
