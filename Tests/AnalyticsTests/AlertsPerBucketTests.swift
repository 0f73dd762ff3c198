import Testing
@testable import Analytics

@Suite struct AlertsPerBucketTests {
    /// Three local days (the middle one 23 h, a spring-forward day); counts worked out by hand.
    @Test func handWorkedDays() {
        let d0: Int64 = 1_000_000
        let days = [EpochInterval(start: d0, end: d0 + 86_400), EpochInterval(start: d0 + 86_400, end: d0 + 86_400 + 82_800),
                    EpochInterval(start: d0 + 86_400 + 82_800, end: d0 + 2 * 86_400 + 82_800)]
        let alerts = [
            AlertRecord(deviceID: "a", type: "cpu", severity: "warning", triggeredAt: d0, resolvedAt: d0 + 60),        // day 0, closed
            AlertRecord(deviceID: "a", type: "cpu", severity: "CRITICAL", triggeredAt: d0 + 86_399, resolvedAt: nil),   // day 0, open ever after
            AlertRecord(deviceID: "b", type: "disk", severity: "critical", triggeredAt: d0 + 86_400, resolvedAt: days[2].start), // day 1, open at its end (resolved exactly at it)
            AlertRecord(deviceID: "b", type: "disk", severity: "info", triggeredAt: days[2].end, resolvedAt: nil),      // after the last day: not raised in any
            AlertRecord(deviceID: "c", type: "offline", severity: "info", triggeredAt: d0 - 10, resolvedAt: d0 + 90_000), // before: open at day 0's end only
        ]
        let counts = AlertsPerBucket(alerts: alerts, buckets: days).counts
        #expect(counts == [AlertsPerBucket.Counts(raised: 2, critical: 1, openAtEnd: 2),
                           AlertsPerBucket.Counts(raised: 1, critical: 1, openAtEnd: 2),
                           AlertsPerBucket.Counts(raised: 0, critical: 0, openAtEnd: 1)])
    }

    @Test func noBucketsNoCounts() {
        #expect(AlertsPerBucket(alerts: [AlertRecord(deviceID: "a", type: "t", severity: "info", triggeredAt: 5, resolvedAt: nil)],
                                buckets: []).counts.isEmpty)
    }
}
