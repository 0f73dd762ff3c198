import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting
@testable import SyntheticFleet

/// Seeds a small fleet under its own slug prefix and checks what reached the servers against the ground truth.
@Suite("seed against the real servers", .serialized)
struct SeedIntegrationTests {
    @Test func seededFleetMatchesItsGroundTruth() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let truthPath = dir.appendingPathComponent("truth.json").path
        let prefix = "t\(UInt32.random(in: 0...UInt32.max))-"
        let result = try TestEnvironment.run(["seed", "--tenants", "2", "--devices", "8", "--days", "3", "--seed", "7",
                                              "--until", "2026-11-02T06:00:00Z", "--truth", truthPath, "--slug-prefix", prefix])
        #expect(result.status == 0, "\(result.stderr)")
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthPath))) as! [String: Any]
        let tenants = truth["tenants"] as! [[String: Any]]
        let devices = truth["devices"] as! [[String: Any]]
        #expect(tenants.count == 2)
        #expect(devices.count == 16)
        #expect(Set(tenants.map { $0["timezone"] as! String }) == ["Europe/Berlin", "Asia/Kolkata"])

        let config = try TestEnvironment.configuration()
        let servers = Servers(config: config)
        let pg = try servers.postgres()
        let ids = tenants.map { $0["id"] as! String }
        let counts = try pg.query("SELECT (SELECT count(*) FROM organizations WHERE id = ANY($1::uuid[])), (SELECT count(*) FROM devices WHERE organization_id = ANY($1::uuid[])), (SELECT count(*) FROM reporting.tenant_settings WHERE organization_id = ANY($1::uuid[]))", [ids], purpose: "test counts")
        #expect(counts.int(0, 0) == 2)
        #expect(counts.int(0, 1) == 16)
        #expect(counts.int(0, 2) == 2)

        // Every device's heartbeats in InfluxDB: count and gaps must follow from the truth alone.
        let start = truth["start"] as! Int, end = truth["end"] as! Int, interval = truth["interval_s"] as! Int
        let influx = try servers.influx()
        for device in devices {
            let id = device["id"] as! String
            let first = device["first_heartbeat"] as! Int
            let stop = (device["silent_from"] as? Int) ?? end
            let outages = device["outages"] as! [[String: Any]]
            var expected = Set<Int>()
            var t = first
            while t < stop { expected.insert(t); t += interval }
            var offline = Set<Int>()
            for o in outages {
                let a = o["first_missing"] as! Int, b = o["resumed"] as! Int
                for slot in expected where slot >= a && slot < b {
                    if (o["cause"] as! String) == "gap" { expected.remove(slot) } else { offline.insert(slot) }
                }
            }
            var seen = Set<Int>()
            var seenOffline = Set<Int>()
            try influx.query("SELECT online FROM heartbeat WHERE device_id = \(InfluxQL.string(id)) AND time >= \(start)s AND time < \(end)s",
                             purpose: "test heartbeats") { chunk in
                for row in chunk.values {
                    seen.insert(row[0].int!)
                    if row[1].bool == false { seenOffline.insert(row[0].int!) }
                }
            }
            #expect(seen == expected, "heartbeats of \(device["name"]!)")
            #expect(seenOffline == offline, "offline heartbeats of \(device["name"]!)")
        }
        // Re-seeding the same prefix replaces rather than duplicates.
        let again = try TestEnvironment.run(["seed", "--tenants", "2", "--devices", "8", "--days", "3", "--seed", "7",
                                             "--until", "2026-11-02T06:00:00Z", "--truth", truthPath, "--slug-prefix", prefix])
        #expect(again.status == 0, "\(again.stderr)")
        let recount = try pg.query("SELECT count(*) FROM devices WHERE organization_id = ANY($1::uuid[])", [ids], purpose: "recount")
        #expect(recount.int(0, 0) == 16)
        // Clean up: this fleet is not the demo fleet.
        try pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [ids], purpose: "cleanup")
        for id in ids { try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(id))", purpose: "cleanup") }
    }
}

/// `seed --synthetic-rollups --reuse` after a run puts the fleet back as seeded: the raw day is
/// raw again (its rollup dropped) and the tenants' report runs are gone, so a bench rerun redoes
/// the same work instead of skipping it.
@Suite("synthetic seed reuse against the real servers", .serialized)
struct SyntheticSeedReuseTests {
    @Test func reuseUndoesTheRunOfAKeptFleet() throws {
        let prefix = "t\(UInt32.random(in: 0...UInt32.max))-"
        let seed = ["seed", "--synthetic-rollups", "--tenants", "1", "--devices", "3", "--days", "2", "--raw-days", "1",
                    "--until", "2003-03-03T00:00:00Z", "--slug-prefix", prefix]
        defer { _ = try? TestEnvironment.run(seed + ["--remove"]) }
        let first = try TestEnvironment.run(seed)
        #expect(first.status == 0, "\(first.stderr)")
        let servers = Servers(config: try TestEnvironment.configuration())
        let clickhouse = try servers.clickhouse()
        let rawDay: Int64 = 1_046_563_200  // 2003-03-02, the raw day
        func marked() throws -> Int {
            try RollupCatalog(clickhouse: clickhouse).marks(first: rawDay, last: rawDay).count
        }
        #expect(try marked() == 0)
        let rollup = try TestEnvironment.run(["rollup", "--date", "2003-03-02"])
        #expect(rollup.status == 0, "\(rollup.stderr)")
        #expect(try marked() == 1)
        let pg = try servers.postgres()
        let tenant = try pg.query("SELECT id::text, slug FROM organizations WHERE left(slug, length($1)) = $1", [prefix], purpose: "test: tenant")
        let id = try #require(tenant.string(0, 0)), slug = try #require(tenant.string(0, 1))
        _ = try pg.query("""
            INSERT INTO reporting.report_runs (id, definition, kind, organization_id, tenant_slug, period_label, period_start, period_end, status)
            VALUES ($1::uuid, 'sla-daily', 'sla', $2::uuid, $3, '2003-03-02', '2003-03-02', '2003-03-03', 'succeeded')
            """, [UUID().uuidString, id, slug], purpose: "test: a run of the fleet")

        let again = try TestEnvironment.run(seed + ["--reuse"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("reused the synthetic fleet"), "\(again.stdout)")
        #expect(try marked() == 0)
        let rows = try clickhouse.queryStrings("SELECT count() FROM metrics_hourly WHERE day = '2003-03-02'", purpose: "test: raw day rows")
        #expect(rows.first?.first == "0")
        let runs = try pg.query("SELECT count(*) FROM reporting.report_runs WHERE organization_id = $1::uuid", [id], purpose: "test: runs left")
        #expect(runs.int(0, 0) == 0)
        // The earlier days stay rolled up.
        #expect(try RollupCatalog(clickhouse: clickhouse).marks(first: rawDay - 86_400, last: rawDay - 86_400).count == 1)
    }
}
