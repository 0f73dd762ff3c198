/// One point of a chart series: `x` (usually epoch seconds) and `y` (the value).
///
/// A non-finite `y` (NaN) marks missing data; the downsamplers treat it as a gap.
public struct ChartPoint: Sendable, Hashable {
    /// Position on the x axis (strictly increasing within a series).
    public var x: Double
    /// Value; NaN for "no data here".
    public var y: Double

    /// Creates a point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
