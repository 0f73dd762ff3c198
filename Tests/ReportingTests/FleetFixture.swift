import Connectors
import Foundation
import ReportingTestSupport
@testable import Reporting

/// A small seeded fleet shared by the number tests: 3 tenants (Europe/Berlin, Asia/Kolkata,
/// America/New_York) x 8 devices x 10 days ending 2026-11-03 06:00 UTC, so it spans the
/// Berlin DST end (2026-10-25), the New York DST end (2026-11-01) and a month boundary.
/// Its slugs carry a random prefix; `cleanUp()` removes it from every server.
final class FleetFixture: @unchecked Sendable {
    let prefix: String
    let truth: [String: Any]
    let config: Configuration
    let servers: Servers
    let tenants: [Tenant]

    static let shared: Result<FleetFixture, Error> = Result { try FleetFixture() }

    convenience init() throws {
        try self.init(tag: "f", seed: ["--tenants", "3", "--devices", "8", "--days", "10", "--seed", "11",
                                       "--until", "2026-11-03T06:00:00Z", "--raw-days", "11"])
    }

    /// A fleet seeded with the `seed` arguments (without `--truth` and `--slug-prefix`), slugs `zz-test-<tag><random>-`.
    init(tag: String, seed arguments: [String]) throws {
        prefix = "zz-test-\(tag)\(UInt32.random(in: 0...UInt32.max))-"
        try FleetFixture.removeOldTestFleets()
        FleetFixture.keep(prefix)
        let dir = try TestEnvironment.temporaryDirectory()
        let truthPath = dir.appendingPathComponent("truth.json").path
        let seeded = try TestEnvironment.run(["seed"] + arguments + ["--truth", truthPath, "--slug-prefix", prefix])
        guard seeded.status == 0 else { throw ReportingError(.io, "seed failed: \(seeded.stderr)") }
        truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: truthPath))) as! [String: Any]
        config = try TestEnvironment.configuration()
        servers = Servers(config: config)
        let slugs = (truth["tenants"] as! [[String: Any]]).map { $0["slug"] as! String }
        tenants = try TenantDirectory(pg: try servers.postgres()).tenants(slugs: slugs)
    }

    private var rolledUp = false

    /// Rolls up every UTC day of the fleet's range for its own tenants only (rollup_days untouched); once.
    func rollUpAll() throws {
        guard !rolledUp else { return }
        defer { rolledUp = true }
        let start = (truth["start"] as! Int) / 86_400 * 86_400
        let end = truth["end"] as! Int
        let writer = HourlyStore(clickhouse: try servers.clickhouse()).writer()
        let reader = RawHistoryReader(influx: try servers.influx())
        let clickhouse = try servers.clickhouse()
        let ids = tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        var day = start - 86_400
        while day <= end {
            // A day that `rollup` (RollupIntegrationTests) already wrote for every tenant is not written twice.
            let existing = try clickhouse.queryStrings("""
                SELECT count() FROM availability_hourly WHERE day = toDate(toDateTime(\(day))) AND organization_id IN (\(ids))
                """, purpose: "fixture: rolled up already?")
            if existing.first?.first == "0" {
                for tenant in tenants { _ = try RollupJob.rollUp(tenant: tenant, utcDayStart: Int64(day), reader: reader, writer: writer) }
            }
            day += 86_400
        }
        try writer.flush()
    }

    /// Builds a context for a tenant and period (definition defaults, outage_min as given).
    func context(_ tenant: Tenant, period spec: String, tier: TieredHistory.Tier, outageMin: Int64 = 180) throws -> ReportContext {
        let pg = try servers.postgres()
        let period = try ReportPeriodParser.parse(spec, tenant: tenant)
        var definition = ReportDefinition.defaults(for: .sla)
        definition.options.outageMinSeconds = outageMin
        let directory = TenantDirectory(pg: pg)
        return ReportContext(definition: definition, tenant: tenant, period: period, devices: try directory.devices(of: tenant, createdBefore: period.end),
                             directory: directory, history: TieredHistory(clickhouse: try servers.clickhouse(), influx: try servers.influx(), tier: tier),
                             now: Date(timeIntervalSince1970: 1_900_000_000), generatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// The prefixes of the shared fleets this test process still uses (never removed as "old").
    private static let kept = KeptPrefixes()

    /// Marks the fleet of `prefix` as in use by this process until it ends.
    static func keep(_ prefix: String) { kept.insert(prefix) }

    /// Deletes fleets left by earlier test runs (slugs starting `zz-test-`) from all three stores,
    /// except the shared fleets this process keeps (`keep(_:)`): a suite that cleans up before it
    /// seeds must not delete the fixture another suite of the same run is still reading.
    static func removeOldTestFleets() throws {
        let servers = Servers(config: try TestEnvironment.configuration())
        let pg = try servers.postgres()
        let old = try pg.query("SELECT id, slug FROM organizations WHERE slug LIKE 'zz-test-%'", purpose: "old test fleets")
        let keep = kept.all
        let ids = (0..<old.count).compactMap { i -> String? in
            let slug = old.string(i, 1) ?? ""
            return keep.contains { slug.hasPrefix($0) } ? nil : old.string(i, 0)
        }
        guard !ids.isEmpty else { return }
        let influx = try servers.influx()
        let clickhouse = try servers.clickhouse()
        for id in ids {
            try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(id))", purpose: "drop old test series")
        }
        let list = ids.map(ClickHouseLiteral.string).joined(separator: ", ")
        for table in ["metrics_hourly", "availability_hourly", "metrics_daily"] {
            try clickhouse.execute("ALTER TABLE \(table) DELETE WHERE organization_id IN (\(list))", purpose: "drop old test rollups")
        }
        try pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [ids], purpose: "drop old test tenants")
    }

    var devices: [[String: Any]] { truth["devices"] as! [[String: Any]] }
    var maintenance: [[String: Any]] { truth["maintenance_windows"] as! [[String: Any]] }
}

/// A lock-protected set of fleet prefixes.
final class KeptPrefixes: @unchecked Sendable {
    private let lock = NSLock()
    private var prefixes: Set<String> = []

    func insert(_ prefix: String) { lock.lock(); prefixes.insert(prefix); lock.unlock() }
    var all: Set<String> { lock.lock(); defer { lock.unlock() }; return prefixes }
}

import Analytics
enum ReportPeriodParser {
    static func parse(_ spec: String, tenant: Tenant) throws -> ReportPeriod {
        try ReportPeriod.parse(spec, relativeTo: Date(timeIntervalSince1970: 1_793_000_000), in: tenant.timeZone)
    }
}
