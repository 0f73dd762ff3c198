import Analytics
import Connectors
import Dispatch
import Foundation
import Synchronization
import Reporting

/// Writes a `FleetPlan` to the servers: PostgreSQL rows, InfluxDB raw points, and the ground-truth JSON.
///
/// Re-seeding with the same seed replaces the same tenants (rows deleted first, series dropped),
/// so the result is the same whatever was there before.
public struct FleetSeeder: Sendable {
    public let servers: Servers
    public let options: SeedOptions

    public init(servers: Servers, options: SeedOptions) {
        self.servers = servers
        self.options = options
    }

    /// Seeds everything; `progress(pointsWritten, pointsTotal)` is called from writer threads.
    public func run(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> SeedSummary {
        let started = Date()
        let endDate = options.end ?? Date()
        let end = Int(endDate.timeIntervalSince1970) / 60 * 60
        let plan = FleetPlan(seed: options.seed, tenantCount: options.tenants, devicesPerTenant: options.devicesPerTenant,
                             start: end - options.days * 86_400, end: end, slugPrefix: options.slugPrefix)
        let pg = try servers.postgres()
        try writePostgres(plan, pg)
        let clickhouse = try servers.clickhouse()
        let ids = plan.tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
        for table in ["metrics_hourly", "availability_hourly"] {
            try clickhouse.execute("ALTER TABLE \(table) DELETE WHERE organization_id IN (\(ids))", purpose: "seed: remove previous rollups")
        }
        let influx = try servers.influx()
        try influx.execute("CREATE DATABASE \(InfluxQL.identifier(servers.config.influxDatabase))", purpose: "seed: create database")
        for tenant in plan.tenants {
            try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(tenant.id))", purpose: "seed: drop old series of \(tenant.slug)")
        }
        let rawFrom = (end - max(0, options.rawDays) * 86_400) / 86_400 * 86_400
        let written = try writeInflux(plan, rawFrom: rawFrom, progress: progress)
        var rolledDays = 0
        if rawFrom > plan.start {
            // From the day before the first point: a :30 grid's first hour belongs to the previous UTC day.
            var day = plan.start / 86_400 * 86_400 - 86_400
            while day < rawFrom {
                try RollupCatalog(clickhouse: clickhouse).markDay(Int64(day), devices: plan.devices.count, rows: 0)
                day += 86_400
                rolledDays += 1
            }
        }
        try SeedTruth(plan: plan).write(to: options.truthPath)
        var summary = SeedSummary()
        summary.tenants = plan.tenants.count
        summary.devices = plan.devices.count
        summary.points = written.points
        summary.rollupRows = written.rollupRows
        summary.rolledUpDays = rolledDays
        summary.alerts = plan.alerts.count
        summary.maintenanceWindows = plan.maintenance.count
        summary.seconds = Date().timeIntervalSince(started)
        summary.truthPath = options.truthPath
        return summary
    }

    func writePostgres(_ plan: FleetPlan, _ pg: PostgresClient) throws {
        func date(_ t: Int) -> Date { Date(timeIntervalSince1970: Double(t)) }
        try pg.transaction(purpose: "seed: PostgreSQL fleet") {
            try pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[]) OR slug = ANY($2::text[])",
                         [plan.tenants.map(\.id), plan.tenants.map(\.slug)], purpose: "seed: remove previous tenants")
            for t in plan.tenants {
                try pg.query("INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, $4)",
                             [t.id, t.name, t.slug, date(plan.start - 90 * 86_400)], purpose: "seed: tenant \(t.slug)")
                let branding = "{\"display_name\": \(jsonString(t.name)), \"accent_color\": \"\(t.accent)\"}"
                try pg.query("""
                    INSERT INTO reporting.tenant_settings (organization_id, timezone, sla_target_pct, recipients, branding, locale)
                    VALUES ($1, $2, $3, $4, $5::jsonb, $6)
                    """, [t.id, t.timezone, t.slaTarget, ["it-reports@\(t.slug).example", "msp-noc@ninjait.example"], branding,
                          FleetPlan.locales[t.index % FleetPlan.locales.count]],
                    purpose: "seed: settings of \(t.slug)")
            }
            try writeServiceCalendars(plan, pg)
            for d in plan.devices {
                let tags = [d.type, d.index % 2 == 0 ? "critical" : "standard", "site:\(["hq", "branch", "remote"][d.index % 3])"]
                let lastSeen = d.silentFrom.map { $0 - plan.interval } ?? plan.end
                try pg.query("""
                    INSERT INTO devices (id, organization_id, agent_id, name, device_type, os_type, os_version, cpu_info, ram_gb,
                                         disk_gb, ip_address, last_seen, status, tags, custom_fields, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '{}'::jsonb, $15)
                    """, [d.id, plan.tenants[d.tenant].id, "agent-\(d.id.prefix(8))", d.name, d.type,
                          String(d.os.split(separator: " ").first ?? ""), d.os, ["Intel Xeon E-2288G", "AMD Ryzen 7 5800U", "Apple M2"][d.index % 3],
                          Double([8, 16, 32, 64][d.index % 4]), Double([256, 512, 1024][d.index % 3]),
                          "10.\(d.tenant).\(d.index / 250).\(d.index % 250 + 1)", date(lastSeen),
                          d.silentFrom == nil ? "online" : "offline", tags, date(d.createdAt)],
                    purpose: "seed: device \(d.name)")
            }
            for m in plan.maintenance {
                try pg.query("""
                    INSERT INTO reporting.maintenance_windows (organization_id, device_id, starts_at, ends_at, reason)
                    VALUES ($1, $2::uuid, $3, $4, $5)
                    """, [plan.tenants[m.tenant].id, m.device.map { plan.devices[$0].id }, date(m.start), date(m.end), m.reason],
                    purpose: "seed: maintenance window")
            }
            for a in plan.alerts {
                try pg.query("""
                    INSERT INTO alerts (id, organization_id, device_id, alert_type, severity, message, triggered_at, resolved_at, is_resolved)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """, [a.id, plan.tenants[a.tenant].id, plan.devices[a.device].id, a.type, a.severity, a.message,
                          date(a.triggered), a.resolved.map(date), a.resolved != nil], purpose: "seed: alert")
            }
        }
    }

    /// Raw points from `rawFrom` (a UTC day start) on go to InfluxDB; older ones are rolled up into ClickHouse.
    func writeInflux(_ plan: FleetPlan, rawFrom: Int, progress: @escaping @Sendable (Int, Int) -> Void) throws -> (points: Int, rollupRows: Int) {
        let total = plan.devices.reduce(0) { $0 + 2 * max(0, (plan.end - max($1.createdAt, plan.start)) / plan.interval) }
        let written = Atomic<Int>(0)
        let rollupRows = Atomic<Int>(0)
        let failure = Mutex<Error?>(nil)
        let writers = max(1, options.writers)
        let servers = self.servers
        DispatchQueue.concurrentPerform(iterations: writers) { worker in
            do {
                let influx = try servers.influx()
                let writer = HourlyStore(clickhouse: try servers.clickhouse()).writer()
                var buffer = LineProtocolBuffer(capacity: 2_000_000)
                for device in plan.devices where device.index % writers == worker {
                    if failure.withLock({ $0 != nil }) { return }
                    let tenant = plan.tenants[device.tenant]
                    let grid = HourGrid(timeZone: TimeZone(identifier: tenant.timezone) ?? .gmt)
                    var rollup = HourSummaryBuilder(grid: grid)
                    try DevicePoints(plan: plan, device: device).generate(into: &buffer, rollupBefore: rawFrom + Int(grid.offset), rollup: &rollup) { buffer in
                        try influx.write(buffer.bytes, precision: "s", purpose: "seed: write raw points")
                        let done = written.add(buffer.lines, ordering: .relaxed).newValue
                        progress(done, total)
                    }
                    let before = writer.rows
                    for hour in rollup.sortedHours() {
                        try writer.append(organizationID: tenant.id, deviceID: device.id, grid: grid, hour: hour)
                    }
                    let rows = writer.rows - before
                    if rows > 0 {
                        _ = rollupRows.add(rows, ordering: .relaxed)
                        let done = written.add(rollup.hours.values.reduce(0) { $0 + 2 * $1.heartbeats }, ordering: .relaxed).newValue
                        progress(done, total)
                    }
                }
                try writer.flush()
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return (written.load(ordering: .relaxed), rollupRows.load(ordering: .relaxed))
    }
}

/// JSON string literal for small hand-built JSON documents.
func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}
