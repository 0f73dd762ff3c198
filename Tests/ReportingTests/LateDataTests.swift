import Analytics
import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Late data: raw points that arrive after their day was rolled up.
///
/// A fleet of its own (2 tenants: Europe/Berlin and Asia/Kolkata, 6 devices each, 2026-05-09 06:00 to
/// 2026-05-14 06:00 UTC, no other suite uses these days): three days are rolled up, reports are
/// produced, then the heartbeats of one Kolkata outage (and metric points with them) are written
/// late. `nightly` must roll that day up again only within `late_days`, leave the reports'
/// files alone, note only that tenant's runs, and `run --force` must reissue with the new figures.
@Suite("Late data: re-rolled days and noted reports", .serialized)
struct LateDataTests {
    static let period = "2026-05-10..2026-05-12"

    @Test func lateDayIsRolledUpAgainAndOnlyItsTenantsReportsAreNoted() throws {
        let fleet = try LateFleet()
        defer { fleet.cleanUp() }
        let kolkata = try #require(fleet.tenants.first { $0.timeZoneID == "Asia/Kolkata" })
        let berlin = try #require(fleet.tenants.first { $0.timeZoneID == "Europe/Berlin" })
        for day in ["2026-05-10", "2026-05-11", "2026-05-12"] {
            let r = try TestEnvironment.run(["rollup", "--date", day])
            try #require(r.status == 0, "rollup \(day): \(r.stderr)")
        }
        let clickhouse = try fleet.servers.clickhouse(), influx = try fleet.servers.influx()
        let catalog = RollupCatalog(clickhouse: clickhouse)

        // The outage to close: a gap of a Kolkata device inside one rollup window and the report period, clear of maintenance.
        let reportPeriod = try ReportPeriod.parse(Self.period, relativeTo: Date(), in: kolkata.timeZone).interval
        let grid = HourGrid(timeZone: kolkata.timeZone)
        let candidates: [(device: [String: Any], outage: [String: Any], day: Int64)] = fleet.devices(of: kolkata).flatMap { device in
            (device["outages"] as! [[String: Any]]).compactMap { o -> ([String: Any], [String: Any], Int64)? in
                guard o["cause"] as? String == "gap", let s = o["down_start"] as? Int, let e = o["down_end"] as? Int, e - s >= 180 else { return nil }
                let first = o["first_missing"] as! Int, resumed = o["resumed"] as! Int
                let day = grid.rollupDay(ofHour: grid.hourStart(Int64(first)))
                let window = grid.dayWindow(utcDayStart: day)
                guard Int64(first) - 60 >= window.start, Int64(resumed) < window.end, day >= 1_778_371_200, day <= 1_778_544_000,
                      Int64(s) >= reportPeriod.start, Int64(e) <= reportPeriod.end,
                      !fleet.maintenance(of: kolkata, device: device).contains(where: { $0.0 < e && $0.1 > s }) else { return nil }
                return (device, o, day)
            }
        }
        let chosen = try #require(candidates.first, "the seeded fleet has no closable Kolkata outage in \(Self.period)")
        let deviceID = chosen.device["id"] as! String
        let lateDay = chosen.day, lateLabel = HourlyStore.dayText(lateDay)
        let removedStart = chosen.outage["down_start"] as! Int

        // Reports of a period holding the day: Kolkata sla, performance and alerts; Berlin sla.
        let out = try TestEnvironment.temporaryDirectory()
        let env = fleet.environment(out: out)
        for (kind, tenant) in [("sla", kolkata), ("performance", kolkata), ("alerts", kolkata), ("sla", berlin)] {
            let r = try TestEnvironment.run(["run", kind, "--tenant", tenant.slug, "--period", Self.period, "--format", "csv,html"], environment: env)
            try #require(fleet.succeededRun(kind, tenant) != nil, "\(kind) of \(tenant.slug): \(r.stdout) \(r.stderr)")
        }
        let slaFolder = out.appendingPathComponent(kolkata.slug).appendingPathComponent("sla").appendingPathComponent(Self.period)
        let filesBefore = try LateFleet.digests(of: out)
        let oldDown = try LateFleet.downtime(in: slaFolder, device: deviceID)
        let expectedOld = fleet.expectedDown(device: chosen.device, tenant: kolkata, from: reportPeriod, removing: nil)
        let expectedNew = fleet.expectedDown(device: chosen.device, tenant: kolkata, from: reportPeriod, removing: removedStart)
        #expect(oldDown == expectedOld, "the first report's downtime of the chosen device, from the seed's truth")
        #expect(expectedNew < expectedOld)

        // Late points: a heartbeat (online) and a metric point at every missed check-in of the outage,
        // and one metric point in the last half hour of Kolkata's rollup window (00:00-00:30 UTC of the next day).
        let interval = fleet.truth["interval_s"] as! Int
        let firstHeartbeat = chosen.device["first_heartbeat"] as! Int
        var lines = "", planted = 0
        var t = chosen.outage["first_missing"] as! Int
        while t < chosen.outage["resumed"] as! Int {
            lines += "heartbeat,device_id=\(deviceID),organization_id=\(kolkata.id) online=true \(t)\n"
            lines += "system_metrics,device_id=\(deviceID),organization_id=\(kolkata.id) cpu_usage=42.5,memory_usage=43.5,disk_usage=44.5 \(t)\n"
            planted += 1
            t += interval
        }
        var edge = Int(lateDay) + 86_400 + 600
        while (edge - firstHeartbeat) % interval == 0 { edge += 1 }
        lines += "system_metrics,device_id=\(deviceID),organization_id=\(kolkata.id) cpu_usage=99.25,memory_usage=1.5,disk_usage=50 \(edge)\n"
        let before = try catalog.pointCounts(organizationIDs: [kolkata.id], first: lateDay, last: lateDay)[kolkata.id]?[lateDay] ?? PointCounts()
        try influx.write(Array(lines.utf8), purpose: "test: late points")

        // The rollups are stale now: the auto tier (rollups) and InfluxDB disagree for Kolkata.
        #expect(try fleet.availability(kolkata, tier: .auto) != fleet.availability(kolkata, tier: .influxOnly), "the late points change the figures")

        // late_days 0: no check; late_days 1 (the day is older): not rolled up again.
        for (date, late) in [("2026-05-14", "0"), ("2026-05-15", "1")] {
            var nightlyEnv = env
            nightlyEnv["NINJAIT_LATE_DAYS"] = late
            let r = try TestEnvironment.run(["nightly", "--date", date, "--catch-up-days", "0", "--no-publish"], environment: nightlyEnv)
            #expect(r.status == 0, "nightly \(date) late_days \(late): \(r.stderr)")
            #expect(!r.stdout.contains("reason=late_points"), "late_days \(late) must not re-roll: \(r.stdout)")
            let stored = try catalog.pointCounts(organizationIDs: [kolkata.id], first: lateDay, last: lateDay)[kolkata.id]?[lateDay]
            #expect(stored == before, "late_days \(late): \(lateLabel) must keep its rollup")
            #expect(try fleet.notedDays(kolkata).isEmpty)
        }

        // Default late_days (3): the day is rolled up again, and the line says why.
        let night = try TestEnvironment.run(["nightly", "--date", "2026-05-14", "--catch-up-days", "0", "--no-publish"], environment: env)
        #expect(night.status == 0, "\(night.stderr)")
        let line = try #require(night.stdout.split(separator: "\n").first { $0.contains("rollup day=\(lateLabel) reason=late_points") }, "\(night.stdout)")
        #expect(line.contains("changed=\(kolkata.slug) "), "only Kolkata's counts changed: \(line)")
        #expect(line.contains("heartbeats_before=\(before.heartbeats) heartbeats_after=\(before.heartbeats + Int64(planted))"), "\(line)")
        #expect(line.contains("samples_before=\(before.samples) samples_after=\(before.samples + 3 * Int64(planted) + 3)"), "\(line)")
        #expect(line.contains("noted_runs=2"), "Kolkata's sla and performance runs, not its alerts run: \(line)")
        #expect(night.stdout.components(separatedBy: "reason=late_points").count == 2, "only \(lateLabel) changed: \(night.stdout)")

        // The rollup now holds every point, and for every day of the window the counts agree again (Kolkata's :30 windows too).
        let after = try catalog.pointCounts(organizationIDs: [kolkata.id], first: lateDay, last: lateDay)[kolkata.id]?[lateDay]
        #expect(after?.heartbeats == before.heartbeats + Int64(planted) && after?.samples == before.samples + 3 * Int64(planted) + 3)
        let check = LateDataCheck(influx: influx, clickhouse: clickhouse)
        #expect(try check.changedDays(tenants: fleet.tenants, days: [1_778_371_200, 1_778_457_600, 1_778_544_000, 1_778_630_400]).isEmpty)

        // Tier equality again: the auto tier (rollups) equals InfluxDB to the second, metrics identical.
        #expect(try fleet.availability(kolkata, tier: .auto) == fleet.availability(kolkata, tier: .influxOnly))
        var raw = try fleet.context(kolkata, period: "2026-05-10..2026-05-16", tier: .influxOnly)
        var rolled = try fleet.context(kolkata, period: "2026-05-10..2026-05-16", tier: .auto)
        let a = try MetricCollector.collect(&raw, period: raw.period, perDay: true)
        let b = try MetricCollector.collect(&rolled, period: rolled.period, perDay: true)
        #expect(rolled.history.rowsRead < raw.history.rowsRead / 10, "the auto tier read rollups")
        FleetNumbersTests.expectSame(a, b, "raw vs rollups after the late re-roll")

        // Produced reports: files byte-unchanged; Kolkata's sla and performance noted, its alerts and Berlin's sla not.
        #expect(try LateFleet.digests(of: out) == filesBefore, "no report file may change without --force")
        #expect(try fleet.notedDays(kolkata) == ["sla": [lateLabel], "performance": [lateLabel]])
        #expect(try fleet.notedDays(berlin).isEmpty)
        let runs = try TestEnvironment.run(["runs", "--tenant", kolkata.slug], environment: env)
        #expect(runs.stdout.split(separator: "\n").filter { $0.contains("newer-rollup=\(lateLabel) (newer data: rerun with --force)") }.count == 2,
                "\(runs.stdout)")
        let berlinRuns = try TestEnvironment.run(["runs", "--tenant", berlin.slug], environment: env)
        #expect(berlinRuns.status == 0 && !berlinRuns.stdout.contains("newer-rollup"), "\(berlinRuns.stdout)")

        // run --force: a new run with the new downtime (the seed's truth without the closed outage), a new notification, no note.
        let oldRun = try #require(try fleet.succeededRun("sla", kolkata))
        _ = try TestEnvironment.run(["run", "sla", "--tenant", kolkata.slug, "--period", Self.period, "--format", "csv,html", "--force"], environment: env)
        let newRun = try #require(try fleet.succeededRun("sla", kolkata))
        #expect(newRun != oldRun)
        #expect(try LateFleet.downtime(in: slaFolder, device: deviceID) == expectedNew, "the reissued report has the new downtime")
        #expect(try fleet.notedDays(kolkata) == ["performance": [lateLabel]], "the new sla run has no note")
        #expect(try fleet.outboxRows(run: newRun) == 1, "the reissued report queued its own notification")
        let rerun = try TestEnvironment.run(["runs", "--tenant", kolkata.slug], environment: env)
        let newest = try #require(rerun.stdout.split(separator: "\n").first { $0.contains(newRun.uuidString.lowercased()) })
        #expect(!newest.contains("newer-rollup"), "\(newest)")

        // Raw points gone (Berlin's series dropped) while Kolkata gained one on 2026-05-12: that day keeps its
        // rollup (a re-roll would lose Berlin's), and says so; nothing more is noted.
        let may12: Int64 = 1_778_544_000
        var extra = Int(may12) + 43_200 + 7
        while (extra - firstHeartbeat) % interval == 0 { extra += 1 }
        try influx.write(Array("system_metrics,device_id=\(deviceID),organization_id=\(kolkata.id) cpu_usage=12.5 \(extra)\n".utf8), purpose: "test: one more late point")
        let berlinBefore = try catalog.pointCounts(organizationIDs: [berlin.id], first: may12, last: may12)[berlin.id]?[may12]
        try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(berlin.id))", purpose: "test: Berlin's raw points expire")
        let kept = try TestEnvironment.run(["nightly", "--date", "2026-05-14", "--catch-up-days", "0", "--no-publish"], environment: env)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.contains("late-data day=2026-05-12 action=kept"), "\(kept.stdout)")
        #expect(!kept.stdout.contains("reason=late_points"), "\(kept.stdout)")
        #expect(try catalog.pointCounts(organizationIDs: [berlin.id], first: may12, last: may12)[berlin.id]?[may12] == berlinBefore)
        #expect(try fleet.notedDays(kolkata) == ["performance": [lateLabel]])
    }

    @Test func badLateDaysIsAUsageError() throws {
        let env = try TestEnvironment.run(["runs", "--since", "2099-01-01"], environment: ["NINJAIT_LATE_DAYS": "three"])
        #expect(env.status == 64 && env.stderr.contains("NINJAIT_LATE_DAYS"), "\(env.stderr)")
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ninjait-reports.yaml")
        try "late_days: -1\n".write(to: file, atomically: true, encoding: .utf8)
        let yaml = try TestEnvironment.run(["runs", "--since", "2099-01-01", "--config", file.path])
        #expect(yaml.status == 64 && yaml.stderr.contains("late_days"), "\(yaml.stderr)")
        let ok = try TestEnvironment.run(["runs", "--since", "2099-01-01"], environment: ["NINJAIT_LATE_DAYS": "0"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}
