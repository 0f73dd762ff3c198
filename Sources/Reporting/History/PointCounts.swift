/// How many raw points one tenant has in one rollup day: samples per metric and heartbeats.
///
/// The same figures come from InfluxDB (points stored) and from ClickHouse (the samples and
/// heartbeats the rollup wrote); when they differ, raw points arrived, or went, after the rollup.
public struct PointCounts: Sendable, Hashable {
    /// Samples per metric, in `Metric.allCases` order (NaN/infinite samples included: the rollup counts them as dropped).
    public var metrics: [Int64]
    public var heartbeats: Int64

    public init(metrics: [Int64] = Array(repeating: 0, count: Metric.allCases.count), heartbeats: Int64 = 0) {
        self.metrics = metrics
        self.heartbeats = heartbeats
    }

    /// Samples of every metric together.
    public var samples: Int64 { metrics.reduce(0, +) }

    /// Some figure of `other` is larger than this one's.
    public func isExceeded(by other: PointCounts) -> Bool {
        other.heartbeats > heartbeats || zip(metrics, other.metrics).contains { $1 > $0 }
    }

    /// The metric samples differ from `other`'s.
    public func metricsDiffer(from other: PointCounts) -> Bool { metrics != other.metrics }
}
