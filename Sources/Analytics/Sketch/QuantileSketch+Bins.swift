/// The flat "bins" form of `QuantileSketch`: parallel arrays of bucket keys and counts.
///
/// This is the storage form in ClickHouse (`metrics_hourly.bin_keys Array(Int32)`,
/// `bin_counts Array(UInt64)`), chosen because ClickHouse merges it natively: `sumMap(keys,
/// counts)` over any set of rows gives exactly the bins of the merged sketch, so a month of
/// hourly sketches is merged inside the database. One key space holds all three stores:
///
/// | bucket | bin key |
/// |---|---|
/// | positive bucket `k` (`γ^(k-1) < x <= γ^k`) | `k` (always within ±`binKeySpan`) |
/// | negative bucket `k` (for `-x`) | `negativeBinBase + k` |
/// | zero bucket (`|x| < minIndexableValue`) | `zeroBinKey` |
///
/// A sketch rebuilt from bins needs `min` and `max` too (stored in their own columns).
extension QuantileSketch {
    /// Positive and negative bucket keys stay within ±this (|log_γ x| for every finite double).
    public static let binKeySpan: Int32 = 1 << 20
    /// Bin key of negative bucket 0.
    public static let negativeBinBase: Int32 = 1 << 22
    /// Bin key of the zero bucket.
    public static let zeroBinKey: Int32 = 1 << 24

    /// The non-empty buckets as (keys, counts), keys ascending; empty arrays for an empty sketch.
    public func bins() -> (keys: [Int32], counts: [UInt64]) {
        var keys: [Int32] = []
        var counts: [UInt64] = []
        keys.reserveCapacity(bucketCount)
        counts.reserveCapacity(bucketCount)
        for (key, count) in positive.nonEmpty {
            keys.append(Int32(key))
            counts.append(count)
        }
        for (key, count) in negative.nonEmpty {
            keys.append(Self.negativeBinBase + Int32(key))
            counts.append(count)
        }
        if zeroCount > 0 {
            keys.append(Self.zeroBinKey)
            counts.append(zeroCount)
        }
        return (keys, counts)
    }

    /// Rebuilds a sketch from `bins()` output (or a `sumMap` of several), with the exact `min`/`max`.
    ///
    /// Keys may come in any order and repeat (counts add up). Throws `invalidSketchEncoding`
    /// for mismatched array lengths, an unknown key, a zero count, or non-finite/inverted
    /// min/max on a non-empty sketch.
    public init(binKeys keys: [Int32], counts: [UInt64], min: Double, max: Double) throws(AnalyticsError) {
        guard keys.count == counts.count else {
            throw AnalyticsError(.invalidSketchEncoding, "sketch bins: \(keys.count) keys but \(counts.count) counts")
        }
        self.init()
        for (key, n) in zip(keys, counts) {
            guard n > 0 else { throw AnalyticsError(.invalidSketchEncoding, "sketch bins: key \(key) has a zero count") }
            if key == Self.zeroBinKey {
                zeroCount &+= n
            } else if abs(Int(key) - Int(Self.negativeBinBase)) <= Int(Self.binKeySpan) {
                negative.add(key: Int(key) - Int(Self.negativeBinBase), count: n)
            } else if abs(Int(key)) <= Int(Self.binKeySpan) {
                positive.add(key: Int(key), count: n)
            } else {
                throw AnalyticsError(.invalidSketchEncoding, "sketch bins: unknown key \(key)")
            }
            count &+= n
        }
        if count > 0 {
            guard min.isFinite, max.isFinite, min <= max else {
                throw AnalyticsError(.invalidSketchEncoding, "sketch bins: min/max are not finite or min > max")
            }
            self.min = min
            self.max = max
        }
    }
}
