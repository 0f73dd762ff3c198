import Analytics
import Connectors
import Foundation
import ReportingTestSupport
@testable import Reporting

/// The late-data suite's own fleet: 2 tenants (Europe/Berlin, Asia/Kolkata) x 6 devices, 2026-05-09 06:00
/// to 2026-05-14 06:00 UTC, all raw; its ground truth; helpers to read its ledger rows and reports.
/// `cleanUp()` removes it from every server.
final class LateFleet: @unchecked Sendable {
    let prefix: String
    let truth: [String: Any]
    let servers: Servers
    let tenants: [Tenant]
    /// An empty definitions folder: `nightly` produces nothing and `run KIND` uses the kind's defaults.
    let reports: URL

    init() throws {
        prefix = "zz-test-late\(UInt32.random(in: 0...UInt32.max))-"
        FleetFixture.keep(prefix)
        let dir = try TestEnvironment.temporaryDirectory()
        reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let truthPath = dir.appendingPathComponent("truth.json").path
        let seeded = try TestEnvironment.run(["seed", "--tenants", "2", "--devices", "6", "--days", "5", "--seed", "29",
                                              "--until", "2026-05-14T06:00:00Z", "--truth", truthPath, "--slug-prefix", prefix, "--raw-days", "6"])
        guard seeded.status == 0 else { throw ReportingError(.io, "seed failed: \(seeded.stderr)") }
        truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthPath))) as! [String: Any]
        servers = Servers(config: try TestEnvironment.configuration())
        let slugs = (truth["tenants"] as! [[String: Any]]).map { $0["slug"] as! String }
        tenants = try TenantDirectory(pg: try servers.postgres()).tenants(slugs: slugs)
    }

    /// The CLI's environment: this fleet's empty definitions, `out` for files, and a broker that refuses
    /// connections (notifications are queued in the outbox and stay there: no other suite's queue gets them).
    func environment(out: URL) -> [String: String] {
        ["NINJAIT_REPORTS_DIR": reports.path, "NINJAIT_OUT_DIR": out.path, "NINJAIT_AMQP_URL": "amqp://guest:guest@127.0.0.1:1/",
         "NINJAIT_HTTP_ATTEMPTS": "1"]
    }

    func devices(of tenant: Tenant) -> [[String: Any]] {
        (truth["devices"] as! [[String: Any]]).filter { ($0["tenant"] as! String) == tenant.slug }
    }

    /// The maintenance windows (start, end) of a device: its own and its tenant's.
    func maintenance(of tenant: Tenant, device: [String: Any]) -> [(Int, Int)] {
        (truth["maintenance_windows"] as! [[String: Any]])
            .filter { ($0["tenant"] as! String) == tenant.slug && ($0["device_id"] == nil || ($0["device_id"] as! String) == (device["id"] as! String)) }
            .map { ($0["start"] as! Int, $0["end"] as! Int) }
    }

    /// Down seconds of a device over `period` from the seed's truth alone, without the outage starting
    /// at `removing` (closed by late heartbeats): injected down intervals and the silent tail, maintenance
    /// removed, pieces under outage_min (180 s, the sla default) dropped, clipped to the period.
    func expectedDown(device: [String: Any], tenant: Tenant, from period: EpochInterval, removing: Int?) -> Int {
        let grace = truth["grace_s"] as! Int
        var raw: [(Int, Int)] = (device["outages"] as! [[String: Any]]).compactMap { o in
            guard let s = o["down_start"] as? Int, let e = o["down_end"] as? Int, s != removing else { return nil }
            return (s, e)
        }
        if let last = device["last_heartbeat"] as? Int { raw.append((last + grace, Int.max)) }
        let windows = maintenance(of: tenant, device: device)
        var down = 0
        for r in raw {
            var pieces = [r]
            for c in windows {
                pieces = pieces.flatMap { p -> [(Int, Int)] in
                    if c.1 <= p.0 || c.0 >= p.1 { return [p] }
                    return [(p.0, c.0), (c.1, p.1)].filter { $0.1 > $0.0 }
                }
            }
            for p in pieces where p.1 - p.0 >= 180 {
                down += max(0, min(p.1, Int(period.end)) - max(p.0, Int(period.start)))
            }
        }
        return down
    }

    /// The id of the succeeded run of kind `kind` (its default definition) for `tenant` over the suite's period.
    func succeededRun(_ kind: String, _ tenant: Tenant) throws -> UUID? {
        try ReportLedger(pg: try servers.postgres()).succeededRun(definition: kind, organizationID: tenant.id, periodLabel: LateDataTests.period)
    }

    /// The noted days of the tenant's succeeded runs that carry a newer-rollup note, by definition.
    func notedDays(_ tenant: Tenant) throws -> [String: [String]] {
        let r = try servers.postgres().query("""
            SELECT definition, array_to_string(newer_rollup_days, ',') FROM reporting.report_runs
            WHERE organization_id = $1 AND status = 'succeeded' AND newer_rollup_at IS NOT NULL
            """, [tenant.id], purpose: "test: noted runs")
        var noted: [String: [String]] = [:]
        for i in 0..<r.count { noted[r.string(i, 0) ?? ""] = (r.string(i, 1) ?? "").split(separator: ",").map(String.init) }
        return noted
    }

    /// Outbox rows queued for run `id` (its `report.ready`).
    func outboxRows(run id: UUID) throws -> Int {
        try servers.postgres().query("SELECT count(*) FROM reporting.outbox WHERE message_id = $1 AND routing_key LIKE 'report.ready%'",
                                     [id], purpose: "test: outbox of a run").int(0, 0) ?? -1
    }

    /// A context like `run`'s for the tenant (sla defaults).
    func context(_ tenant: Tenant, period spec: String, tier: TieredHistory.Tier) throws -> ReportContext {
        let pg = try servers.postgres()
        let period = try ReportPeriod.parse(spec, relativeTo: Date(), in: tenant.timeZone)
        let directory = TenantDirectory(pg: pg)
        return ReportContext(definition: ReportDefinition.defaults(for: .sla), tenant: tenant, period: period,
                             devices: try directory.devices(of: tenant, createdBefore: period.end), directory: directory,
                             history: TieredHistory(clickhouse: try servers.clickhouse(), influx: try servers.influx(), tier: tier),
                             now: Date(), generatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// The tenant's and every device's availability totals over 2026-05-10..2026-05-16, and the devices' outages.
    struct Figures: Equatable {
        var tenant: AvailabilityTotals
        var devices: [String: AvailabilityTotals]
        var outages: [String: [Outage]]
    }

    func availability(_ tenant: Tenant, tier: TieredHistory.Tier) throws -> Figures {
        var context = try context(tenant, period: "2026-05-10..2026-05-16", tier: tier)
        let result = try AvailabilityCollector.collect(&context)
        return Figures(tenant: result.tenant.totals,
                       devices: Dictionary(uniqueKeysWithValues: result.devices.map { ($0.device.id, $0.availability.totals) }),
                       outages: Dictionary(uniqueKeysWithValues: result.devices.map { ($0.device.id, $0.availability.outages) }))
    }

    /// The bytes of every file under `root`, by relative path.
    static func digests(of root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = root.resolvingSymlinksInPath().path
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])! {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            out[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return out
    }

    /// The `downtime_s` of a device in a report folder's `devices.csv`.
    static func downtime(in folder: URL, device: String) throws -> Int? {
        let text = try String(contentsOf: folder.appendingPathComponent("devices.csv"), encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first, let down = header.firstIndex(of: "downtime_s"), let id = header.firstIndex(of: "device_id") else { return nil }
        return rows.dropFirst().first { $0.count > id && $0[id] == device }.flatMap { Int($0[down]) }
    }

    /// Removes the fleet's tenants, series and rollup rows.
    func cleanUp() {
        guard let pg = try? servers.postgres(), let influx = try? servers.influx(), let clickhouse = try? servers.clickhouse() else { return }
        for tenant in tenants {
            try? influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(tenant.id))", purpose: "test: drop late fleet series")
        }
        let list = tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        for table in ["metrics_hourly", "availability_hourly", "metrics_daily"] where !tenants.isEmpty {
            try? clickhouse.execute("ALTER TABLE \(table) DELETE WHERE organization_id IN (\(list))", purpose: "test: drop late fleet rollups")
        }
        _ = try? pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [tenants.map(\.id)], purpose: "test: drop late fleet tenants")
    }
}
