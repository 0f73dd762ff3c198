import Analytics
import Connectors
import Foundation

/// `rollup --date D`: InfluxDB raw points of UTC day D → ClickHouse hourly and daily rollups, for every tenant.
///
/// Idempotent: the day's partitions are dropped first and `rollup_days` is written last, so a
/// rerun replaces (never doubles) and readers use the raw tier until the rollup is complete.
/// For a tenant whose hours start at :30 (Asia/Kolkata), day D covers the 24 hours starting D 00:30 UTC.
/// It waits for the rollup lock (`RollupLock`), so an hour rollup (`RollupJob+Hours.swift`) of
/// the same day never writes into the day while it is replaced; dropping the day drops its hour marks.
public struct RollupJob {
    public let servers: Servers

    public init(servers: Servers) { self.servers = servers }

    /// What a rollup did.
    public struct Summary: Sendable {
        public var day = ""
        public var tenants = 0
        public var devices = 0
        public var rows = 0
        public var seconds = 0.0
    }

    /// Rolls up UTC day `day`; `progress(tenantsDone, tenantsTotal, slug)` after each tenant.
    public func run(day: CivilDate, progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> Summary {
        let started = Date()
        let dayStart = day.daysSinceEpoch * 86_400
        let lock = try RollupLock(servers: servers)
        try lock.acquire(purpose: "rollup \(day)", waiting: RollupJob.lockWait)
        defer { lock.release() }
        let clickhouse = try servers.clickhouse()
        let influx = try servers.influx()
        let tenants = try TenantDirectory(pg: try servers.postgres()).tenants()
        let catalog = RollupCatalog(clickhouse: clickhouse)
        try catalog.dropDay(dayStart)
        let writer = HourlyStore(clickhouse: clickhouse).pipelinedWriter(servers: servers)
        let reader = RawHistoryReader(influx: influx)
        var summary = Summary()
        summary.day = HourlyStore.dayText(dayStart)
        var devices = Set<String>()
        for (i, tenant) in tenants.enumerated() {
            devices.formUnion(try RollupJob.rollUp(tenant: tenant, utcDayStart: dayStart, reader: reader, writer: writer))
            progress(i + 1, tenants.count, tenant.slug)
        }
        try writer.flush()
        try catalog.markDay(dayStart, devices: devices.count, rows: writer.rows, daily: true)
        summary.tenants = tenants.count
        summary.devices = devices.count
        summary.rows = writer.rows
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// How long the day rollup waits for an hour rollup holding the rollup lock.
    static let lockWait: TimeInterval = 3600

    /// Rolls up one tenant's window of UTC day `dayStart` into `writer`; returns the devices seen.
    static func rollUp(tenant: Tenant, utcDayStart dayStart: Int64, reader: RawHistoryReader, writer: HourlyStore.Writer) throws -> Set<String> {
        let grid = HourGrid(timeZone: tenant.timeZone)
        let pieces = DayPieces(grid: grid, clock: LocalClock(tenant.timeZone))
        let window = grid.dayWindow(utcDayStart: dayStart)
        let label = HourlyStore.dayText(dayStart)
        var devices = Set<String>()
        try reader.metrics(organizationID: tenant.id, grid: grid, from: window.start, to: window.end,
                           purpose: "rollup \(label): raw metrics of tenant \(tenant.slug)") { device, hours in
            devices.insert(device)
            for h in hours { try writer.append(organizationID: tenant.id, deviceID: device, grid: grid, hour: h, pieces: pieces) }
        }
        try reader.heartbeats(organizationID: tenant.id, grid: grid, from: window.start, to: window.end,
                              purpose: "rollup \(label): raw heartbeats of tenant \(tenant.slug)") { device, hours in
            devices.insert(device)
            for h in hours { try writer.append(organizationID: tenant.id, deviceID: device, grid: grid, hour: h) }
        }
        return devices
    }
}
