/// One time series (one device, one metric) rolled up into fixed UTC buckets, by default
/// hours: the content of `metrics_hourly` for that series.
///
/// Build it from raw `(timestamp, value)` samples in any order with `init(samples:)` or
/// incrementally with `add(timestamp:value:)`; a sample belongs to the bucket
/// `[⌊t / bucketSeconds⌋ · bucketSeconds, + bucketSeconds)`. Read it back as `cells`
/// (sorted by bucket start) and combine into days or periods with `merged(over:)` or
/// `merged(into:)` (for local days from `ReportPeriod.dayBuckets`). Local days only align
/// with UTC hours in whole-hour zones: for zones such as Asia/Kolkata (+05:30) or
/// Asia/Kathmandu (+05:45) use `bucketSeconds` 1800 or 900.
public struct HourlyRollup: Sendable, Hashable {
    /// Bucket width in seconds (3600 = hourly).
    public let bucketSeconds: Int64
    /// Bucket start (epoch seconds) → cell.
    public private(set) var cellsByStart: [Int64: RollupCell] = [:]

    /// An empty rollup; `bucketSeconds` must divide 86 400 (throws `invalidArgument` otherwise).
    public init(bucketSeconds: Int64 = 3600) throws(AnalyticsError) {
        guard bucketSeconds > 0, 86_400 % bucketSeconds == 0 else {
            throw AnalyticsError(.invalidArgument, "rollup bucket of \(bucketSeconds) s does not divide a day")
        }
        self.bucketSeconds = bucketSeconds
    }

    /// Hourly rollup of raw samples (timestamps in epoch seconds, fractional allowed).
    public init<S: Sequence>(samples: S, bucketSeconds: Int64 = 3600) throws(AnalyticsError)
    where S.Element == (timestamp: Double, value: Double) {
        try self.init(bucketSeconds: bucketSeconds)
        for s in samples { add(timestamp: s.timestamp, value: s.value) }
    }

    /// Folds one sample into its bucket (NaN/∞ values are counted as dropped there).
    public mutating func add(timestamp: Double, value: Double) {
        let start = bucketStart(of: timestamp)
        cellsByStart[start, default: RollupCell()].add(value)
    }

    /// Replaces or merges a stored cell (e.g. read back from ClickHouse).
    public mutating func insert(_ cell: RollupCell, at bucketStart: Int64) {
        cellsByStart[bucketStart, default: RollupCell()].merge(cell)
    }

    /// The start of the bucket holding `timestamp`.
    public func bucketStart(of timestamp: Double) -> Int64 {
        let t = Int64(timestamp.rounded(.down))
        return LocalClock.floorDiv(t, bucketSeconds) * bucketSeconds
    }

    /// Non-empty buckets sorted by start.
    public var cells: [(start: Int64, cell: RollupCell)] {
        cellsByStart.sorted { $0.key < $1.key }.map { (start: $0.key, cell: $0.value) }
    }

    /// The merge of every bucket whose start lies in `interval` (buckets are assigned whole).
    public func merged(over interval: EpochInterval) -> RollupCell {
        RollupCell.merged(cells.lazy.filter { interval.contains($0.start) }.map(\.cell))
    }

    /// One merged cell per bucket of `buckets` (e.g. local days), in the same order.
    public func merged(into buckets: [TimeBucket]) -> [RollupCell] {
        let sorted = cells
        var out: [RollupCell] = []
        out.reserveCapacity(buckets.count)
        for b in buckets {
            out.append(RollupCell.merged(sorted.lazy.filter { b.interval.contains($0.start) }.map(\.cell)))
        }
        return out
    }

    /// The merge of all buckets.
    public var total: RollupCell { RollupCell.merged(cells.map(\.cell)) }
}
