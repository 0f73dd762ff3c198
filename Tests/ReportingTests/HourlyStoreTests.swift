import Analytics
import Connectors
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

        // Without percentiles: the same scalar figures, no sketch (quantiles nil).
        var bare: [Int: RollupCell] = [:]
        _ = try store.readMetricCells(organizationID: org, from: dayStart, to: dayStart + 86_400, percentiles: false,
                                      purpose: "test: read back without sketches") { _, metric, cell in bare[metric] = cell }
        for m in Metric.allCases.indices {
            let a = try #require(read[m]), b = try #require(bare[m])
            #expect(a.samples == b.samples && a.sum == b.sum && a.minimum == b.minimum && a.maximum == b.maximum)
            #expect(a.droppedSamples == b.droppedSamples)
            #expect(a.quantile(0.95) != nil && b.quantile(0.95) == nil)
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

    /// `metrics_daily` pieces (a New York local day cut at the UTC rollup day) read with the
    /// hours outside them give the figures folded in Swift from the very hours written, and the
    /// hour-by-hour read gives the same; a rewrite of a day replaces its pieces.
    @Test func dailyPiecesEqualTheHours() throws {
        let servers = Servers(config: try TestEnvironment.configuration())
        let clickhouse = try servers.clickhouse()
        let store = HourlyStore(clickhouse: clickhouse)
        let catalog = RollupCatalog(clickhouse: clickhouse)
        let org = "zz-store-\(UUID().uuidString.lowercased())"
        let zone = try #require(TimeZone(identifier: "America/New_York"))   // UTC-5 in January: local midnight is 05:00 UTC
        let grid = HourGrid(offset: 0)
        let pieces = DayPieces(grid: grid, clock: LocalClock(zone))
        let jan3: Int64 = 978_480_000  // 2001-01-03 00:00 UTC; 2001-01-03..05 no other test writes
        let days = [jan3, jan3 + 86_400, jan3 + 2 * 86_400]
        defer { for d in days { try? catalog.dropDay(d) } }
        var written: [(device: String, hour: DeviceHour)] = []
        func writeDays() throws {
            let writer = store.writer()
            for day in days {
                for device in ["a", "b"] {
                    for k in 0..<24 where device == "a" || k % 3 != 1 {
                        var h = DeviceHour(hour: day + Int64(k) * 3600)
                        let n = Int(day / 86_400) + k
                        for (i, v) in Self.awkward.enumerated() where (i + n) % 4 != 0 {
                            h.metrics[(i + n) % Metric.allCases.count].add(v * Double(k + 1) + (device == "b" ? 0.5 : 0))
                        }
                        if k == 5 { h.metrics[2].add(.nan) }
                        try writer.append(organizationID: org, deviceID: device, grid: grid, hour: h, pieces: pieces)
                        if written.count < 2 * 3 * 24 { written.append((device, h)) }
                    }
                }
                try writer.flush()
                try catalog.markDay(day, devices: 2, rows: 0, daily: true)
            }
        }
        try writeDays()
        let dailyRows = { () throws -> Int in
            Int(try clickhouse.queryStrings("SELECT count() FROM metrics_daily WHERE organization_id = \(ClickHouseLiteral.string(org))",
                                            purpose: "test: daily rows").first?.first ?? "") ?? -1
        }
        // Per UTC day and device: the pieces [00:00, 05:00) and [05:00, 24:00), one row per metric with samples.
        let expectedRows = Set(written.flatMap { w in Metric.allCases.indices.filter { w.hour.metrics[$0].samples > 0 || w.hour.metrics[$0].droppedSamples > 0 }
            .map { "\(w.device) \($0) \(pieces.piece(containing: w.hour.hour).start)" } }).count
        #expect(try dailyRows() == expectedRows)
        // Rewriting the days (drop, write, mark) replaces the pieces, never adds to them.
        for d in days { try catalog.dropDay(d) }
        written.removeAll()
        try writeDays()
        #expect(try dailyRows() == expectedRows)

        // Local 2001-01-03 02:00 (07:00 UTC) to local 2001-01-05 00:00 (05:00 UTC): 17 hours before the first whole piece.
        let from = jan3 + 7 * 3600, to = jan3 + 2 * 86_400 + 5 * 3600
        let whole = try #require(pieces.wholePieces(from: from, to: to))
        #expect(whole == EpochInterval(start: jan3 + 86_400, end: to))
        let localDays = [EpochInterval(start: jan3 + 5 * 3600, end: jan3 + 86_400 + 5 * 3600), EpochInterval(start: jan3 + 86_400 + 5 * 3600, end: to)]
        var expected: [String: [RollupCell]] = [:]
        var expectedDays: [String: [[Int64]]] = [:]
        for w in written where w.hour.hour >= from && w.hour.hour < to {
            var cells = expected[w.device] ?? Array(repeating: RollupCell(), count: Metric.allCases.count)
            var counts = expectedDays[w.device] ?? Array(repeating: [0, 0], count: Metric.allCases.count)
            let d = localDays.firstIndex { $0.start <= w.hour.hour && w.hour.hour < $0.end }!
            for m in Metric.allCases.indices {
                cells[m].merge(w.hour.metrics[m])
                counts[m][d] += w.hour.metrics[m].samples
            }
            expected[w.device] = cells
            expectedDays[w.device] = counts
        }
        let tenant = Tenant(id: org, slug: "zz-store", name: "store", timeZoneID: "America/New_York", slaTargetPercent: 99.9, recipients: [],
                            displayName: nil, accentColor: nil, logoDataURI: nil)
        for useDaily in [true, false] {
            var history = TieredHistory(clickhouse: clickhouse, influx: try servers.influx())
            history.dailyRollups = useDaily
            var aggregates = MetricAggregates(days: localDays, hourly: false)
            try history.metrics(tenant: tenant, grid: grid, from: from, to: to, known: ["a", "b"], into: &aggregates)
            #expect(history.dailySegments == (useDaily ? 1 : 0))
            #expect(Set(aggregates.devices.keys) == ["a", "b"])
            for (device, cells) in expected {
                let got = try #require(aggregates.devices[device])
                for m in Metric.allCases.indices {
                    let a = cells[m], b = got.period[m]
                    #expect(a.samples == b.samples && a.droppedSamples == b.droppedSamples, "\(device) metric \(m) daily \(useDaily)")
                    #expect(a.minimum == b.minimum && a.maximum == b.maximum, "\(device) metric \(m) daily \(useDaily)")
                    #expect(a.sketch == b.sketch, "\(device) metric \(m) daily \(useDaily)")
                    #expect(abs(a.sum - b.sum) <= 1e-12 * abs(a.sum), "\(device) metric \(m) daily \(useDaily)")
                    #expect(got.dayCounts[m] == expectedDays[device]![m], "\(device) metric \(m) days, daily \(useDaily)")
                }
            }
        }
    }
}
