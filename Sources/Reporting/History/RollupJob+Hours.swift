import Analytics
import Connectors
import Foundation

/// `rollup --hours`: the finished hours of a UTC day not yet rolled up → ClickHouse hourly rollups, for every tenant.
///
/// An hour (on the tenant's grid, inside the tenant's window of the day) is finished once its end
/// is `settleSeconds` in the past. Only hours without a `rollup_hours` mark are read from
/// InfluxDB; their `metrics_hourly` and `availability_hourly` rows are written first and the
/// marks last, so a rerun adds nothing and readers never trust a half-written hour. Rows of an
/// unmarked hour (a run that died before its marks) are deleted before the hour is written
/// again; that is the only delete, so a normal run costs one InfluxDB read of the new hours.
/// `metrics_daily` is left to the day rollup, which replaces the whole day and drops its hour
/// marks. A day already in `rollup_days` is left alone. Holds the rollup lock without waiting.
extension RollupJob {
    /// Seconds after an hour's end before `rollup --hours` rolls it up (points still in flight from agents and the collector).
    public static let settleSeconds: Int64 = 300

    /// What an hour rollup did.
    public struct HoursSummary: Sendable {
        public var day = ""
        public var tenants = 0
        /// Tenant hours rolled up by this run (each marked).
        public var hours = 0
        /// Tenant hours whose rows without a mark were deleted first.
        public var repaired = 0
        public var devices = 0
        public var rows = 0
        /// Whether the day is wholly rolled up already (nothing to do).
        public var dayRolledUp = false
        public var seconds = 0.0
    }

    /// The hours of `grid`'s window of UTC day `dayStart` that are finished at `now`.
    public static func finishedHours(grid: HourGrid, utcDayStart dayStart: Int64, now: Int64) -> [Int64] {
        let window = grid.dayWindow(utcDayStart: dayStart)
        return Array(stride(from: window.start, to: window.end, by: 3600).prefix { $0 + 3600 + settleSeconds <= now })
    }

    /// Rolls up the finished, unmarked hours of UTC day `day` at instant `now` (epoch seconds) for
    /// every tenant (or those of `slugs`); `progress(tenantsDone, tenantsTotal, slug)` after each tenant.
    public func runHours(day: CivilDate, now: Int64, slugs: [String]? = nil,
                         progress: (Int, Int, String) -> Void = { _, _, _ in }) throws -> HoursSummary {
        let started = Date()
        let dayStart = day.daysSinceEpoch * 86_400
        let lock = try RollupLock(servers: servers)
        try lock.acquire(purpose: "rollup --hours \(day)")
        defer { lock.release() }
        var summary = HoursSummary()
        summary.day = HourlyStore.dayText(dayStart)
        let clickhouse = try servers.clickhouse()
        let catalog = RollupCatalog(clickhouse: clickhouse)
        if try catalog.days(from: dayStart, to: dayStart).contains(dayStart) {
            summary.dayRolledUp = true
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        let tenants = try TenantDirectory(pg: try servers.postgres()).tenants(slugs: slugs)
        let marked = try catalog.hours(ofDay: dayStart)
        var pending: [(tenant: Tenant, grid: HourGrid, hours: [Int64])] = []
        for tenant in tenants {
            let grid = HourGrid(timeZone: tenant.timeZone)
            let done = marked[tenant.id] ?? []
            pending.append((tenant, grid, RollupJob.finishedHours(grid: grid, utcDayStart: dayStart, now: now).filter { !done.contains($0) }))
        }
        // Rows of hours about to be written that carry no mark: left by a run that died before its marks.
        if let earliest = pending.flatMap(\.hours).min() {
            let written = try catalog.hoursWithRows(dayStart: dayStart, since: earliest)
            for p in pending {
                let stale = Set(p.hours).intersection(written[p.tenant.id] ?? [])
                try catalog.deleteHours(organizationID: p.tenant.id, hours: stale, dayStart: dayStart)
                summary.repaired += stale.count
            }
        }
        let writer = HourlyStore(clickhouse: clickhouse).pipelinedWriter(servers: servers)
        let reader = RawHistoryReader(influx: try servers.influx())
        var marks: [(organizationID: String, hour: Int64)] = []
        var devices = Set<String>()
        for (i, p) in pending.enumerated() {
            for run in RollupJob.runs(of: p.hours) {
                devices.formUnion(try RollupJob.rollUp(tenant: p.tenant, grid: p.grid, from: run.start, to: run.end, label: summary.day,
                                                       reader: reader, writer: writer))
            }
            marks += p.hours.map { (p.tenant.id, $0) }
            progress(i + 1, pending.count, p.tenant.slug)
        }
        try writer.flush()
        try catalog.markHours(marks, dayStart: dayStart)
        summary.tenants = tenants.count
        summary.hours = marks.count
        summary.devices = devices.count
        summary.rows = writer.rows
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Consecutive hour starts (sorted) as [start, end) runs.
    static func runs(of hours: [Int64]) -> [EpochInterval] {
        var result: [EpochInterval] = []
        for h in hours.sorted() {
            if let last = result.last, last.end == h {
                result[result.count - 1] = EpochInterval(start: last.start, end: h + 3600)
            } else {
                result.append(EpochInterval(start: h, end: h + 3600))
            }
        }
        return result
    }

    /// Rolls up one tenant's hours in [from, to) into `writer` (hourly rows only); returns the devices seen.
    static func rollUp(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64, label: String,
                       reader: RawHistoryReader, writer: HourlyStore.Writer) throws -> Set<String> {
        var devices = Set<String>()
        try reader.metrics(organizationID: tenant.id, grid: grid, from: from, to: to,
                           purpose: "rollup --hours \(label): raw metrics of tenant \(tenant.slug)") { device, hours in
            devices.insert(device)
            for h in hours { try writer.append(organizationID: tenant.id, deviceID: device, grid: grid, hour: h) }
        }
        try reader.heartbeats(organizationID: tenant.id, grid: grid, from: from, to: to,
                              purpose: "rollup --hours \(label): raw heartbeats of tenant \(tenant.slug)") { device, hours in
            devices.insert(device)
            for h in hours { try writer.append(organizationID: tenant.id, deviceID: device, grid: grid, hour: h) }
        }
        return devices
    }
}
