import Analytics

/// Everything the reports need of one device in one tenant-local hour: the tier-neutral unit.
///
/// Both tiers produce exactly these: ClickHouse stores them (`metrics_hourly`,
/// `availability_hourly`), the InfluxDB tier computes them from raw points with the same
/// builder. So a period reads the same numbers whichever tier served each hour.
public struct DeviceHour: Sendable {
    /// Start of the hour (epoch seconds); a tenant-local hour, so `:30` UTC for Asia/Kolkata.
    public var hour: Int64
    public var heartbeats: Int = 0
    /// First/last heartbeat, gaps longer than `HourSummaryBuilder.minimumGap`, online-flag changes.
    public var summary = HeartbeatGapSummary(first: nil, last: nil, gaps: [], transitions: [])
    /// One cell per `Metric.allCases`, with its quantile sketch.
    public var metrics: [RollupCell] = Array(repeating: RollupCell(), count: Metric.allCases.count)

    public init(hour: Int64) { self.hour = hour }

    public var hasHeartbeats: Bool { summary.first != nil }
    public var hasMetrics: Bool { metrics.contains { $0.samples > 0 || $0.droppedSamples > 0 } }
}
