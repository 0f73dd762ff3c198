/// Alert counts per time bucket (a report's local days): raised, raised critical, open at the bucket's end.
///
/// An alert is raised in the bucket that contains its `triggeredAt` (half-open, as
/// `EpochInterval.contains`); it is open at a bucket's end when it was triggered before that
/// end and not resolved by it (`AlertRecord.isOpen(at:)`). Buckets need not be contiguous.
public struct AlertsPerBucket: Sendable, Hashable {
    /// One bucket's counts.
    public struct Counts: Sendable, Hashable {
        public var raised = 0
        public var critical = 0
        public var openAtEnd = 0

        public init(raised: Int = 0, critical: Int = 0, openAtEnd: Int = 0) {
            self.raised = raised
            self.critical = critical
            self.openAtEnd = openAtEnd
        }
    }

    /// Counts in the order of the buckets given.
    public let counts: [Counts]

    /// Counts `alerts` into `buckets` (sorted by start, not overlapping).
    public init(alerts: [AlertRecord], buckets: [EpochInterval]) {
        var counts = [Counts](repeating: Counts(), count: buckets.count)
        for alert in alerts {
            if let i = buckets.index(containing: alert.triggeredAt) {
                counts[i].raised += 1
                if alert.severity.lowercased() == "critical" { counts[i].critical += 1 }
            }
        }
        for (i, bucket) in buckets.enumerated() {
            counts[i].openAtEnd = alerts.reduce(0) { $0 + ($1.isOpen(at: bucket.end) ? 1 : 0) }
        }
        self.counts = counts
    }
}
