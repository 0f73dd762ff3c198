import Analytics
import Foundation
import Testing
@testable import Reporting

/// What `rollup` writes to ClickHouse reads back bit for bit, and the pushed-down reads equal
/// the same figures folded in Swift.
@Suite("HourlyStore against the real ClickHouse", .serialized)
struct HourlyStoreTests {
    /// Decimals that ClickHouse 18.16's text parser rounds one ulp off, and extremes.
    static let awkward: [Double] = [5.94, 7.69, 0.1, 0.2, 0.30000000000000004, 99.99, 1e-300, 123456.789, -0.0, 33.33]

    @Test func floatsAndSketchesRoundTripExactly() throws {
        let servers = Servers(config: try TestEnvironment.configuration())
        let clickhouse = try servers.clickhouse()
        let store = HourlyStore(clickhouse: clickhouse)
        let org = "zz-store-\(UUID().uuidString.lowercased())"
        let grid = HourGrid(offset: 0)
        let dayStart: Int64 = 978_307_200  // 2001-01-01, a day no other test writes
        defer { try? RollupJob.dropDay(dayStart, clickhouse) }
        var expected: [Int: RollupCell] = [:]
        let writer = store.writer()
        for hourIndex in 0..<24 {
            var h = DeviceHour(hour: dayStart + Int64(hourIndex) * 3600)
            for (i, v) in Self.awkward.enumerated() {
                let metric = (i + hourIndex) % Metric.allCases.count
                h.metrics[metric].add(v * Double(hourIndex + 1))
                h.metrics[metric].add(v)
            }
            for m in Metric.allCases.indices {
                var cell = expected[m] ?? RollupCell()
                cell.merge(h.metrics[m])
                expected[m] = cell
            }
            try writer.append(organizationID: org, deviceID: "device-1", grid: grid, hour: h)
        }
        try writer.flush()

        var read: [Int: RollupCell] = [:]
        let rows = try store.readMetricCells(organizationID: org, from: dayStart, to: dayStart + 86_400, purpose: "test: read back") { device, metric, cell in
            #expect(device == "device-1")
            read[metric] = cell
        }
        #expect(rows == Metric.allCases.count)
        for m in Metric.allCases.indices {
            let a = try #require(expected[m]), b = try #require(read[m])
            #expect(a.samples == b.samples)
            #expect(a.minimum == b.minimum, "min of metric \(m): \(String(describing: a.minimum)) vs \(String(describing: b.minimum))")
            #expect(a.maximum == b.maximum)
            #expect(a.sketch == b.sketch)
            #expect(abs(a.sum - b.sum) <= 1e-12 * abs(a.sum))
        }
    }
}
