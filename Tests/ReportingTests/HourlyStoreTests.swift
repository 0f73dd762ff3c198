import Analytics
import Foundation
import Testing
import ReportingTestSupport
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
        defer { try? RollupCatalog(clickhouse: clickhouse).dropDay(dayStart) }
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

    /// Devices PostgreSQL no longer lists stay out of every figure, whether the list is sent as
    /// `NOT IN` or, when long, subtracted chunk by chunk.
    @Test func devicesNoLongerListedAreLeftOut() throws {
        let servers = Servers(config: try TestEnvironment.configuration())
        let clickhouse = try servers.clickhouse()
        let store = HourlyStore(clickhouse: clickhouse)
        let org = "zz-store-\(UUID().uuidString.lowercased())"
        let grid = HourGrid(offset: 0)
        let dayStart: Int64 = 978_393_600  // 2001-01-02
        defer { try? RollupCatalog(clickhouse: clickhouse).dropDay(dayStart) }
        let writer = store.writer()
        var expected: [Int64: (samples: Int64, sum: Double)] = [:]
        for (d, device) in ["kept", "gone-1", "gone-2", "gone-3"].enumerated() {
            for hourIndex in 0..<24 where device == "kept" ? hourIndex % 2 == 0 : true {
                var h = DeviceHour(hour: dayStart + Int64(hourIndex) * 3600)
                h.metrics[0].add(Double(10 * d + hourIndex) + 0.25)
                h.metrics[0].add(Double(d) + 0.5)
                try writer.append(organizationID: org, deviceID: device, grid: grid, hour: h)
                if device == "kept" { expected[h.hour] = (h.metrics[0].samples, h.metrics[0].sum) }
            }
        }
        try writer.flush()
        let tenant = Tenant(id: org, slug: "zz-store", name: "store", timeZoneID: "UTC", slaTargetPercent: 99.9, recipients: [],
                            displayName: nil, accentColor: nil, logoDataURI: nil)
        for limit in [1000, 1] {
            var history = TieredHistory(clickhouse: clickhouse, influx: try servers.influx(), tier: .clickhouseOnly)
            var aggregates = MetricAggregates(days: [EpochInterval(start: dayStart, end: dayStart + 86_400)], hourly: true)
            try history.metrics(tenant: tenant, grid: grid, from: dayStart, to: dayStart + 86_400, known: ["kept"],
                                into: &aggregates, exclusionLimit: limit)
            #expect(Set(aggregates.devices.keys) == ["kept"], "limit \(limit)")
            #expect(aggregates.devices["kept"]?.dayCounts[0] == [24])
            #expect(Set(aggregates.tenantHours[0].keys) == Set(expected.keys), "only the kept device's hours (limit \(limit))")
            for (hour, e) in expected {
                let got = aggregates.tenantHours[0][hour]
                #expect(got?.samples == e.samples && abs((got?.sum ?? 0) - e.sum) < 1e-9, "hour \(hour), limit \(limit)")
            }
        }
    }
}
