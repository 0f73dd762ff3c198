import Foundation
import Testing
@testable import Analytics

@Suite struct AlertStatisticsTests {
    @Test func handWorkedExample() {
        let S: Int64 = 1_000_000
        let E = S + 86_400
        let alerts = [
            AlertRecord(deviceID: "a", type: "cpu_high", severity: "warning", triggeredAt: S + 10, resolvedAt: S + 70),
            AlertRecord(deviceID: "a", type: "cpu_high", severity: "warning", triggeredAt: S + 100, resolvedAt: S + 400),
            AlertRecord(deviceID: "b", type: "disk_full", severity: "critical", triggeredAt: S + 200, resolvedAt: nil),
            AlertRecord(deviceID: "a", type: "offline", severity: "critical", triggeredAt: S + 300, resolvedAt: E + 5),
            AlertRecord(deviceID: "c", type: "offline", severity: "info", triggeredAt: S - 500, resolvedAt: nil),  // before, still open
            AlertRecord(deviceID: "c", type: "offline", severity: "info", triggeredAt: S - 900, resolvedAt: S - 1),  // before, closed
            AlertRecord(deviceID: "b", type: "cpu_high", severity: "warning", triggeredAt: E, resolvedAt: nil),  // after
            AlertRecord(deviceID: "b", type: "mem", severity: "Weird", triggeredAt: S + 5, resolvedAt: nil, isResolved: true),
        ]
        let s = AlertStatistics(alerts: alerts, period: EpochInterval(start: S, end: E))
        #expect(s.overall.count == 5)
        #expect(s.overall.openAtEnd == 3)  // disk_full, offline resolved after E, pre-period info
        #expect(s.overall.resolvedCount == 2)
        #expect(s.overall.resolveP50Seconds == 180)  // [60, 300]
        #expect(s.overall.resolveP90Seconds == 276)
        #expect(s.overall.resolveMaxSeconds == 300)
        #expect(s.bySeverity.map(\.name) == ["critical", "warning", "info", "Weird"])
        #expect(s.bySeverity.map(\.count) == [2, 2, 0, 1])
        #expect(s.bySeverity.map(\.openAtEnd) == [2, 0, 1, 0])
        #expect(s.byType.map(\.name) == ["cpu_high", "disk_full", "mem", "offline"])  // by count, then name
        #expect(s.byType.map(\.openAtEnd) == [0, 1, 0, 2])
        #expect(s.noisiestDevices == [.init(deviceID: "a", count: 3), .init(deviceID: "b", count: 2)])
        let none = AlertStatistics(alerts: [], period: EpochInterval(start: S, end: E))
        #expect(none.overall.count == 0 && none.overall.resolveP50Seconds == nil && none.bySeverity.isEmpty)
    }

    @Test func percentileDefinitions() {
        #expect(Percentile.linear([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Percentile.lower([1, 2, 3, 4], 0.5) == 2)
        #expect(Percentile.linear([10], 0.9) == 10)
        #expect(Percentile.linear([], 0.5) == nil)
        #expect(Percentile.lower([3, 1, 2], 1) == 3)
        #expect(Percentile.linear([1, 2], 1.5) == nil)
    }
}
