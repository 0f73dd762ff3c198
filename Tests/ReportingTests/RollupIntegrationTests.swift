import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

@Suite("rollup against the real servers", .serialized)
struct RollupIntegrationTests {
    func counts(_ fixture: FleetFixture) throws -> [Int] {
        let ids = fixture.tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        let clickhouse = try fixture.servers.clickhouse()
        return try ["metrics_hourly", "availability_hourly", "metrics_daily"].map { table in
            Int(try clickhouse.queryStrings("SELECT count() FROM \(table) WHERE day = '2026-10-28' AND organization_id IN (\(ids))",
                                            purpose: "test count").first?.first ?? "") ?? -1
        }
    }

    @Test func rerunReplacesNeverDoubles() throws {
        let fixture = try FleetFixture.shared.get()
        let first = try TestEnvironment.run(["rollup", "--date", "2026-10-28"])
        #expect(first.status == 0, "\(first.stderr)")
        let once = try counts(fixture)
        // 3 tenants x 8 devices x 24 hours: every hour has metrics (3 rows) and heartbeats (1 row), except outage hours.
        #expect(once[0] > 3 * 8 * 20 * 3 && once[0] <= 3 * 8 * 24 * 3, "metrics rows \(once[0])")
        #expect(once[1] > 3 * 8 * 20 && once[1] <= 3 * 8 * 24, "availability rows \(once[1])")
        // Daily pieces: a local day cut at the UTC day, so at most 2 per device and metric, each merging 1 to 24 hourly rows.
        #expect(once[2] > 0 && once[2] * 24 >= once[0] && once[2] <= min(once[0], 3 * 8 * 3 * 2), "daily rows \(once[2])")
        let second = try TestEnvironment.run(["rollup", "--date", "2026-10-28"])
        #expect(second.status == 0)
        #expect(try counts(fixture) == once, "a rerun must replace the day, not add to it")
        let marked = try fixture.servers.clickhouse().queryStrings("SELECT count() FROM rollup_days WHERE day = '2026-10-28'", purpose: "test")
        #expect(marked == [["1"]])
        let dailyMarked = try fixture.servers.clickhouse().queryStrings("SELECT count() FROM rollup_daily_days WHERE day = '2026-10-28'", purpose: "test")
        #expect(dailyMarked == [["1"]])
    }

    /// A report reads its period and then the previous one: the second range must see its own rolled-up days.
    @Test func rolledUpDaysAreLookedUpPerRange() throws {
        let fixture = try FleetFixture.shared.get()
        let done = try TestEnvironment.run(["rollup", "--date", "2026-10-28"])
        #expect(done.status == 0)
        var history = TieredHistory(clickhouse: try fixture.servers.clickhouse(), influx: try fixture.servers.influx())
        let grid = HourGrid(offset: 0)
        let oct28: Int64 = 1_793_145_600, nov5: Int64 = 1_793_836_800
        _ = try history.segments(grid: grid, from: nov5, to: nov5 + 86_400)
        let segments = try history.segments(grid: grid, from: oct28, to: oct28 + 86_400)
        #expect(segments.count == 1 && segments[0].rolledUp, "2026-10-28 is rolled up: \(segments)")
    }

    @Test func badDateIsAUsageError() throws {
        let result = try TestEnvironment.run(["rollup", "--date", "2026-13-45"])
        #expect(result.status == 64)
    }
}
