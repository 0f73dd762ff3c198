/// Aggregates of one metric over one time bucket: samples, sum, min, max, dropped samples
/// and a quantile sketch. The unit of `metrics_hourly` and of every period statistic.
///
/// Add raw values with `add(_:)`: NaN and ±infinity are never folded in, only counted in
/// `droppedSamples`. Combine cells with `merge(_:)`/`merged(_:)`: the result is exactly the
/// cell of all the underlying samples (sample-weighted `mean = Σsum / Σsamples`, min of
/// mins, max of maxes, merged sketch). `min`/`max` are `+∞`/`−∞` while `samples == 0`; use
/// the optional accessors `minimum`, `maximum`, `mean` for display.
public struct RollupCell: Sendable, Hashable {
    /// Number of finite samples folded in.
    public internal(set) var samples: Int64 = 0
    /// Sum of the finite samples.
    public internal(set) var sum: Double = 0
    /// Smallest finite sample (`+∞` when `samples == 0`).
    public internal(set) var min: Double = .infinity
    /// Largest finite sample (`−∞` when `samples == 0`).
    public internal(set) var max: Double = -.infinity
    /// NaN/±infinity samples seen and dropped.
    public internal(set) var droppedSamples: Int64 = 0
    /// Sketch of the finite samples, for percentiles.
    public internal(set) var sketch = QuantileSketch()

    /// An empty cell.
    public init() {}

    /// A cell from stored columns (e.g. a `metrics_hourly` row). Throws `invalidArgument`
    /// when the columns contradict each other (negative counts, min > max with samples,
    /// a sketch whose count differs from `samples`).
    public init(samples: Int64, sum: Double, min: Double, max: Double, droppedSamples: Int64 = 0,
                sketch: QuantileSketch) throws(AnalyticsError) {
        guard samples >= 0, droppedSamples >= 0 else {
            throw AnalyticsError(.invalidArgument, "rollup counts must not be negative")
        }
        guard sketch.count == UInt64(samples) else {
            throw AnalyticsError(.invalidArgument, "rollup has \(samples) samples but its sketch holds \(sketch.count)")
        }
        if samples > 0 {
            guard sum.isFinite, min.isFinite, max.isFinite, min <= max else {
                throw AnalyticsError(.invalidArgument, "rollup sum/min/max must be finite with min <= max")
            }
        }
        self.samples = samples
        self.sum = samples > 0 ? sum : 0
        self.min = samples > 0 ? min : .infinity
        self.max = samples > 0 ? max : -.infinity
        self.droppedSamples = droppedSamples
        self.sketch = sketch
    }

    /// A cell from stored columns without its sketch, for figures that need no percentiles.
    ///
    /// `quantile` of such a cell, and of any merge it takes part in, is nil: the sketch no
    /// longer counts every sample. Never store such a cell as a rollup.
    public init(samples: Int64, sum: Double, min: Double, max: Double, droppedSamples: Int64 = 0) throws(AnalyticsError) {
        try self.init(samples: 0, sum: 0, min: 0, max: 0, droppedSamples: droppedSamples, sketch: QuantileSketch())
        guard samples >= 0 else { throw AnalyticsError(.invalidArgument, "rollup counts must not be negative") }
        if samples > 0 {
            guard sum.isFinite, min.isFinite, max.isFinite, min <= max else {
                throw AnalyticsError(.invalidArgument, "rollup sum/min/max must be finite with min <= max")
            }
            self.samples = samples
            self.sum = sum
            self.min = min
            self.max = max
        }
    }

    /// A cell of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// Folds in one sample; a NaN or infinite value only increments `droppedSamples`.
    @inline(__always)
    public mutating func add(_ value: Double) {
        guard value.isFinite else {
            droppedSamples += 1
            return
        }
        samples += 1
        sum += value
        if value < min { min = value }
        if value > max { max = value }
        sketch.add(value)
    }

    /// Folds in another cell (the result is the cell of both sample sets).
    public mutating func merge(_ other: RollupCell) {
        samples += other.samples
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        droppedSamples += other.droppedSamples
        sketch.merge(other.sketch)
    }

    /// The merge of several cells, in order (summation order fixed for reproducible sums).
    public static func merged<S: Sequence>(_ cells: S) -> RollupCell where S.Element == RollupCell {
        var out = RollupCell()
        for c in cells { out.merge(c) }
        return out
    }

    /// Sample-weighted mean `sum / samples`; nil without samples.
    public var mean: Double? { samples > 0 ? sum / Double(samples) : nil }
    /// Smallest sample; nil without samples.
    public var minimum: Double? { samples > 0 ? min : nil }
    /// Largest sample; nil without samples.
    public var maximum: Double? { samples > 0 ? max : nil }
    /// Whether the sketch counts every sample (false for a cell read without percentiles).
    public var hasPercentiles: Bool { sketch.count == UInt64(samples) }
    /// Sketch estimate of the lower `q`-quantile (see `QuantileSketch.quantile`); nil without
    /// samples or without percentiles (`hasPercentiles`).
    public func quantile(_ q: Double) -> Double? { hasPercentiles ? sketch.quantile(q) : nil }
}
