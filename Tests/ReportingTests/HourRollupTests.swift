import Analytics
import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// `rollup --hours` on a running day: 3 tenants (Europe/Berlin, Asia/Kolkata, America/New_York) x 8
/// devices, raw points from 2027-06-13 12:00 to 2027-06-17 12:00 UTC; 2027-06-13..15 rolled up by
/// day, 2027-06-16 ("today") hour by hour at a fixed "now", the rest raw.
@Suite("rollup --hours on a running day", .serialized)
struct HourRollupTests {
    /// 2027-06-16 00:00 UTC, the running day.
    static let day: Int64 = 1_813_104_000
    static let dayText = "2027-06-16"
    static let period = "2027-06-14..2027-06-16"

    static let fleet: Result<FleetFixture, Error> = Result {
        let clickhouse = try Servers(config: try TestEnvironment.configuration()).clickhouse()
        // Days left by an earlier run of this suite (other fleets have no points in them).
        for d in stride(from: HourRollupTests.day - 3 * 86_400, through: HourRollupTests.day + 86_400, by: 86_400) { try RollupCatalog(clickhouse: clickhouse).dropDay(d) }
        let fixture = try FleetFixture(tag: "h", seed: ["--tenants", "3", "--devices", "8", "--days", "4", "--seed", "23",
                                                        "--until", "2027-06-17T12:00:00Z", "--raw-days", "5"])
        for d in ["2027-06-13", "2027-06-14", "2027-06-15"] {
            let done = try TestEnvironment.run(["rollup", "--date", d])
            guard done.status == 0 else { throw ReportingError(.io, "rollup \(d) failed: \(done.stderr)") }
        }
        return fixture
    }

    /// Back to a running day nothing of which is rolled up: the day's marks and rows dropped.
    func reset(_ fleet: FleetFixture) throws {
        try RollupCatalog(clickhouse: try fleet.servers.clickhouse()).dropDay(Self.day)
    }

    /// `rollup --hours` for the day at `now` (epoch seconds), for this fleet's tenants only.
    func hours(_ fleet: FleetFixture, now: Int64) throws -> TestEnvironment.Output {
        let iso = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(now)))
        return try TestEnvironment.run(["rollup", "--hours", "--date", Self.dayText, "--now", iso] + fleet.tenants.flatMap { ["--tenant", $0.slug] })
    }

    /// A "now" whose hour seam cuts through a down interval of a whole-hour tenant, so the seam is tested where it matters.
    /// The seam is at 03:00 or later, so every tenant (Kolkata's hours start at :30) has two finished hours.
    func seamNow(_ fleet: FleetFixture) -> Int64 {
        let whole = Set(fleet.tenants.filter { HourGrid(timeZone: $0.timeZone).offset == 0 }.map(\.slug))
        for device in fleet.devices where whole.contains(device["tenant"] as! String) {
            for o in device["outages"] as! [[String: Any]] {
                guard let s = o["down_start"] as? Int, let e = o["down_end"] as? Int else { continue }
                let seam = Int64(s) / 3600 * 3600 + 3600
                if seam < Int64(e), seam >= Self.day + 3 * 3600, seam <= Self.day + 20 * 3600 { return seam + RollupJob.settleSeconds + 60 }
            }
        }
        return Self.day + 14 * 3600 + 20 * 60
    }

    /// Rows of the day for this fleet, and how many (device, metric, hour) / (device, hour) keys occur more than once.
    func rows(_ fleet: FleetFixture) throws -> (metrics: Int, availability: Int, duplicates: Int) {
        let ids = fleet.tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        let ch = try fleet.servers.clickhouse()
        func int(_ sql: String) throws -> Int { Int(try ch.queryStrings(sql, purpose: "test").first?.first ?? "") ?? -1 }
        let scope = "day = '\(Self.dayText)' AND organization_id IN (\(ids))"
        let m = try int("SELECT count() FROM metrics_hourly WHERE \(scope)")
        let a = try int("SELECT count() FROM availability_hourly WHERE \(scope)")
        let dm = try int("SELECT count() FROM (SELECT count() AS c FROM metrics_hourly WHERE \(scope) GROUP BY organization_id, device_id, metric, hour HAVING c > 1)")
        let da = try int("SELECT count() FROM (SELECT count() AS c FROM availability_hourly WHERE \(scope) GROUP BY organization_id, device_id, hour HAVING c > 1)")
        return (m, a, dm + da)
    }

    /// Rows per tenant and hour of the day (both hourly tables), for hours before `before`.
    func rowsPerHour(_ fleet: FleetFixture, before: Int64) throws -> [String] {
        let ids = fleet.tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        return try ["metrics_hourly", "availability_hourly"].flatMap { table in
            try fleet.servers.clickhouse().queryStrings("""
                SELECT organization_id, toUInt32(hour), count() FROM \(table) WHERE day = '\(Self.dayText)' AND organization_id IN (\(ids))
                  AND hour < toDateTime(\(before)) GROUP BY organization_id, hour ORDER BY organization_id, hour
                """, purpose: "test").map { "\(table) " + $0.joined(separator: " ") }
        }
    }

    /// The period's figures from the auto tier equal the InfluxDB-only tier, and the seed's truth.
    func expectTiersAgree(_ fleet: FleetFixture, _ label: String) throws {
        for tenant in fleet.tenants {
            var raw = try fleet.context(tenant, period: Self.period, tier: .influxOnly)
            var auto = try fleet.context(tenant, period: Self.period, tier: .auto)
            let a = try AvailabilityCollector.collect(&raw), b = try AvailabilityCollector.collect(&auto)
            #expect(a.tenant.totals == b.tenant.totals && a.tenant.buckets == b.tenant.buckets, "\(label): SLA of \(tenant.slug)")
            for (device, availability) in a.devices {
                let twin = b.devices.first { $0.device.id == device.id }?.availability
                #expect(twin?.totals == availability.totals && twin?.outages == availability.outages, "\(label): \(device.name)")
                let truth = fleet.devices.first { ($0["id"] as! String) == device.id }!
                let expected = FleetNumbersTests.expectedDown(device: truth, tenantSlug: tenant.slug, fixture: fleet,
                                                              from: Int(raw.period.interval.start), to: Int(raw.period.interval.end), outageMin: 180)
                #expect(twin?.totals.downSeconds == Int64(expected.down) && twin?.totals.outageCount == expected.outages,
                        "\(label): truth of \(device.name) in \(tenant.slug)")
            }
            #expect(a.devices.count == 8)
            var rawMetrics = try fleet.context(tenant, period: Self.period, tier: .influxOnly)
            var autoMetrics = try fleet.context(tenant, period: Self.period, tier: .auto)
            let x = try MetricCollector.collect(&rawMetrics, period: rawMetrics.period, perDay: true)
            let y = try MetricCollector.collect(&autoMetrics, period: autoMetrics.period, perDay: true)
            FleetNumbersTests.expectSame(x, y, "\(label): metrics of \(tenant.slug)", days: 3)
            // The rolled-up days still come from metrics_daily when the run goes on into marked hours.
            #expect(autoMetrics.history.dailySegments > 0, "\(label): daily pieces of \(tenant.slug)")
        }
    }

    @Test func finishedHoursWaitForTheSettleMargin() {
        let utc = HourGrid(offset: 0), kolkata = HourGrid(offset: 19_800)
        let d = Self.day
        #expect(RollupJob.finishedHours(grid: utc, utcDayStart: d, now: d + 3600 + 299).isEmpty)
        #expect(RollupJob.finishedHours(grid: utc, utcDayStart: d, now: d + 3600 + 300) == [d])
        #expect(RollupJob.finishedHours(grid: kolkata, utcDayStart: d, now: d + 3600 + 300).isEmpty, "Kolkata's first hour of the day ends 01:30")
        #expect(RollupJob.finishedHours(grid: kolkata, utcDayStart: d, now: d + 5400 + 300) == [d + 1800])
        #expect(RollupJob.finishedHours(grid: utc, utcDayStart: d, now: d + 3 * 86_400).count == 24)
        #expect(RollupJob.finishedHours(grid: kolkata, utcDayStart: d, now: d + 3 * 86_400).last == d + 86_400 - 1800)
    }

    @Test func runningDayMatchesRawTierAndTruth() throws {
        let fleet = try Self.fleet.get()
        try reset(fleet)
        let now = seamNow(fleet)
        #expect(now != Self.day + 14 * 3600 + 20 * 60, "the seed (23) has a down interval across an hour seam of the day")
        let out = try hours(fleet, now: now)
        #expect(out.status == 0, "\(out.stderr)")
        let ids = fleet.tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        let marks = try fleet.servers.clickhouse().queryStrings("""
            SELECT organization_id, count(), min(toUInt32(hour)), max(toUInt32(hour)) FROM rollup_hours
            WHERE day = '\(Self.dayText)' AND organization_id IN (\(ids)) GROUP BY organization_id
            """, purpose: "test")
        for tenant in fleet.tenants {
            let offset = HourGrid(timeZone: tenant.timeZone).offset
            // Finished: hours whose end + 5 min <= now, from the window's start (00:00 UTC, Kolkata 00:30).
            let last = (now - 300 - 3600 - offset) / 3600 * 3600 + offset
            let expected = [tenant.id, String((last - Self.day - offset) / 3600 + 1), String(Self.day + offset), String(last)]
            #expect(marks.contains(expected), "marks of \(tenant.slug) (\(tenant.timeZoneID)): \(marks)")
            var history = TieredHistory(clickhouse: try fleet.servers.clickhouse(), influx: try fleet.servers.influx())
            let segments = try history.segments(grid: HourGrid(timeZone: tenant.timeZone), from: Self.day - 86_400 + offset, to: Self.day + 86_400 + offset,
                                                organizationID: tenant.id)
            // The day before (rollup_days) and the marked hours as one ClickHouse run, then raw from the first unfinished hour.
            #expect(segments.map(\.rolledUp) == [true, false], "\(tenant.slug): \(segments)")
            #expect(segments.first?.to == last + 3600, "\(tenant.slug): \(segments)")
            // A range starting inside a marked hour reads that part of the hour raw (its row covers the whole hour).
            let partial = try history.segments(grid: HourGrid(timeZone: tenant.timeZone), from: Self.day + offset + 600, to: last + 3600,
                                               organizationID: tenant.id)
            #expect(partial.map(\.rolledUp) == [false, true] && partial.first?.to == Self.day + offset + 3600, "\(tenant.slug): \(partial)")
        }
        #expect(out.stdout.contains("3 tenants"), "\(out.stdout)")
        try expectTiersAgree(fleet, "hours rolled up to \(now)")
    }

    @Test func rerunAndInterruptedRunNeverDouble() throws {
        let fleet = try Self.fleet.get()
        try reset(fleet)
        let now = Self.day + 10 * 3600 + 600
        #expect(try hours(fleet, now: now).status == 0)
        let once = try rows(fleet)
        #expect(once.metrics > 0 && once.availability > 0 && once.duplicates == 0, "\(once)")
        let again = try hours(fleet, now: now)
        #expect(again.status == 0 && again.stdout.contains(" 0 tenant hours"), "\(again.stdout)")
        #expect(try rows(fleet) == once, "a rerun adds nothing")
        // A run that died after writing the next hour of the first tenant (twice over) and before its marks.
        let later = now + 3600
        let tenant = fleet.tenants[0]
        let grid = HourGrid(timeZone: tenant.timeZone)
        let next = RollupJob.finishedHours(grid: grid, utcDayStart: Self.day, now: later).last!
        for _ in 0..<2 {
            let writer = HourlyStore(clickhouse: try fleet.servers.clickhouse()).writer()
            _ = try RollupJob.rollUp(tenant: tenant, grid: grid, from: next, to: next + 3600, label: "test",
                                     reader: RawHistoryReader(influx: try fleet.servers.influx()), writer: writer)
            try writer.flush()
        }
        #expect(try rows(fleet).duplicates > 0, "the simulated crash left doubled rows")
        try expectTiersAgree(fleet, "unmarked rows are not read")
        let repaired = try hours(fleet, now: later)
        #expect(repaired.status == 0 && repaired.stdout.contains("3 tenant hours (1 rewritten"), "\(repaired.stdout)")
        let after = try rows(fleet)
        #expect(after.duplicates == 0 && after.metrics > once.metrics, "\(after)")
        try expectTiersAgree(fleet, "after the interrupted run")
    }

    @Test func dayRollupReplacesHourRollups() throws {
        let fleet = try Self.fleet.get()
        try reset(fleet)
        let now = Self.day + 16 * 3600 + 400
        #expect(try hours(fleet, now: now).status == 0)
        let byHours = try rowsPerHour(fleet, before: Self.day + 15 * 3600)
        #expect(!byHours.isEmpty)
        let day = try TestEnvironment.run(["rollup", "--date", Self.dayText])
        #expect(day.status == 0, "\(day.stderr)")
        let marks = try fleet.servers.clickhouse().queryStrings("SELECT count() FROM rollup_hours WHERE day = '\(Self.dayText)'", purpose: "test")
        #expect(marks == [["0"]], "the day rollup drops the day's hour marks")
        #expect(try rowsPerHour(fleet, before: Self.day + 15 * 3600) == byHours, "hour rollups wrote the rows the day rollup writes")
        #expect(try rows(fleet).duplicates == 0)
        try expectTiersAgree(fleet, "after the day rollup")
        let noop = try hours(fleet, now: now + 3600)
        #expect(noop.status == 0 && noop.stdout.contains("rolled up already"), "\(noop.stdout)")
        try reset(fleet)
    }

    /// A held rollup lock: exit 75 at once, recorded in the textfile metrics; then a run that succeeds.
    @Test func hoursWaitForNoOtherRollup() throws {
        let fleet = try Self.fleet.get()
        try reset(fleet)
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let textfile = dir.appendingPathComponent("ninjait-reports.prom").path
        let env = ["NINJAIT_METRICS_TEXTFILE": textfile]
        func run() throws -> TestEnvironment.Output {
            try TestEnvironment.run(["rollup", "--hours", "--date", Self.dayText, "--now", "2027-06-16T05:00:00Z", "--tenant", fleet.tenants[0].slug],
                                    environment: env)
        }
        let lock = try RollupLock(servers: fleet.servers)
        try lock.acquire(purpose: "test")
        let started = Date()
        let out = try run()
        lock.release()
        #expect(out.status == 75, "\(out.stdout)\(out.stderr)")
        #expect(Date().timeIntervalSince(started) < 30, "rollup --hours does not wait for the lock")
        let locked = try String(contentsOfFile: textfile, encoding: .utf8)
        #expect(locked.contains("ninjait_reports_last_run_exit_code{job=\"rollup_hours\"} 75"), "\(locked)")
        #expect(try run().status == 0)
        let done = try String(contentsOfFile: textfile, encoding: .utf8)
        #expect(done.contains("ninjait_reports_last_run_success{job=\"rollup_hours\"} 1"), "\(done)")
        #expect(!done.contains("ninjait_reports_last_run_reports{job=\"rollup_hours\""), "no report series for an hour rollup")
        try reset(fleet)
    }
}
