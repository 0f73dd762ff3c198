import Foundation

/// A mergeable quantile sketch with bounded relative error (DDSketch, logarithmic mapping).
///
/// Every value `x` with `|x| >= minIndexableValue` is counted in the bucket `k` with
/// `γ^(k-1) < |x| <= γ^k`, `γ = (1 + α)/(1 - α)`, `α = relativeAccuracy = 0.5 %`; smaller
/// magnitudes (including 0) go to an exact zero bucket; negative values have their own
/// mirrored buckets. Non-finite values are refused (`add` returns false).
///
/// **What `quantile(q)` approximates**: the "lower" percentile of the raw values, i.e.
/// the sorted value at 0-based rank `⌊q·(n−1)⌋` (numpy `np.quantile(a, q, method="lower")`).
/// The estimate is within `α` relative error of it (so comfortably within 1 %), clamped to
/// the exact `min`/`max`. Merging sketches (hour → day → month) loses nothing: a merged
/// sketch equals the sketch of all the raw values. Encode with `encoded()` (deterministic
/// bytes for a ClickHouse `String` column), decode with `init(decoding:)`.
public struct QuantileSketch: Sendable, Hashable {
    /// The guaranteed relative accuracy α (0.5 %); fixed by encoding format version 1.
    public static let relativeAccuracy = 0.005
    /// Magnitudes below this go to the zero bucket (estimated as exactly 0).
    public static let minIndexableValue = 1e-9

    static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    static let inverseLogGamma = 1 / log(gamma)
    static let logGamma = log(gamma)

    var positive = BucketStore()
    var negative = BucketStore()
    /// Values with magnitude below `minIndexableValue`.
    public internal(set) var zeroCount: UInt64 = 0
    /// Number of values added (0 for an empty sketch).
    public internal(set) var count: UInt64 = 0
    /// Smallest value added (`+infinity` when empty).
    public internal(set) var min: Double = .infinity
    /// Largest value added (`-infinity` when empty).
    public internal(set) var max: Double = -.infinity

    /// An empty sketch.
    public init() {}

    /// A sketch of `values` (non-finite ones skipped).
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// True when nothing was added.
    public var isEmpty: Bool { count == 0 }

    /// Number of non-empty buckets (the encoded size is about 2-3 bytes per bucket).
    public var bucketCount: Int { positive.nonEmptyCount + negative.nonEmptyCount + (zeroCount > 0 ? 1 : 0) }

    @inline(__always)
    static func key(forMagnitude m: Double) -> Int {
        Int((log(m) * inverseLogGamma).rounded(.up))
    }

    /// The representative value of bucket `key`: `2γ^k/(1+γ)`, within α of anything in it.
    static func value(forKey key: Int) -> Double {
        exp(Double(key) * logGamma) * (2 / (1 + gamma))
    }

    /// Adds `value` once; returns false (and adds nothing) when it is NaN or infinite.
    @discardableResult @inline(__always)
    public mutating func add(_ value: Double) -> Bool {
        add(value, count: 1)
    }

    /// Adds `value` `count` times; returns false (and adds nothing) when it is NaN or infinite.
    @discardableResult
    public mutating func add(_ value: Double, count n: UInt64) -> Bool {
        guard value.isFinite else { return false }
        guard n > 0 else { return true }
        if value >= Self.minIndexableValue {
            positive.add(key: Self.key(forMagnitude: value), count: n)
        } else if value <= -Self.minIndexableValue {
            negative.add(key: Self.key(forMagnitude: -value), count: n)
        } else {
            zeroCount &+= n
        }
        count &+= n
        if value < min { min = value }
        if value > max { max = value }
        return true
    }

    /// Adds everything `other` holds (the result equals the sketch of both inputs).
    public mutating func merge(_ other: QuantileSketch) {
        guard !other.isEmpty else { return }
        positive.merge(other.positive)
        negative.merge(other.negative)
        zeroCount &+= other.zeroCount
        count &+= other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    /// The merge of several sketches.
    public static func merged<S: Sequence>(_ sketches: S) -> QuantileSketch where S.Element == QuantileSketch {
        var out = QuantileSketch()
        for s in sketches { out.merge(s) }
        return out
    }

    /// Estimate of the lower `q`-quantile (`0 ≤ q ≤ 1`; p95 is `0.95`): within α relative
    /// error of the sorted value at rank `⌊q·(n−1)⌋`. Nil when empty or `q` is outside [0, 1].
    public func quantile(_ q: Double) -> Double? {
        guard count > 0, q >= 0, q <= 1 else { return nil }
        if q == 0 { return min }
        if q == 1 { return max }
        let rank = UInt64((Double(count - 1) * q).rounded(.down))
        let estimate: Double
        if rank < negative.total {
            estimate = -Self.value(forKey: negative.key(atRankFromTop: rank))
        } else if rank < negative.total + zeroCount {
            estimate = 0
        } else {
            estimate = Self.value(forKey: positive.key(atRank: rank - negative.total - zeroCount))
        }
        return Swift.min(Swift.max(estimate, min), max)
    }

    /// Estimates of several quantiles at once (same rules as `quantile(_:)`).
    public func quantiles(_ qs: [Double]) -> [Double?] { qs.map { quantile($0) } }
}
