import Analytics
import Connectors
import Foundation

/// Reads a tenant's hours from the right tier: ClickHouse for rolled-up days and hours, InfluxDB raw for the rest.
///
/// A day counts as rolled up when `rollup_days` lists it, an hour of another day when
/// `rollup_hours` lists it for the tenant (both written last, so a half-finished rollup is
/// never read). Hours are visited segment by segment in time order,
/// so each device's hours arrive in time order. Both tiers yield identical `DeviceHour`s.
public struct TieredHistory {
    /// Which tier serves the hours; `.auto` is production, the others are for tests and benchmarks.
    public enum Tier: Sendable { case auto, clickhouseOnly, influxOnly }

    let store: HourlyStore
    let raw: RawHistoryReader
    let clickhouse: ClickHouseClient
    public var tier: Tier = .auto
    /// Whether whole local days of rolled-up segments are read from `metrics_daily` (where written); off: hour by hour.
    public var dailyRollups = true
    /// Rolled-up metric segments that read whole local days from `metrics_daily` so far.
    public private(set) var dailySegments = 0
    /// Rows read so far from ClickHouse and InfluxDB (result rows, not rows scanned).
    public private(set) var rowsRead = 0
    private var rolledDays: (from: Int64, to: Int64, days: Set<Int64>)? = nil
    private var dailyDays: (from: Int64, to: Int64, days: Set<Int64>)? = nil
    private var rolledHours: (organizationID: String, from: Int64, to: Int64, hours: Set<Int64>)? = nil

    public init(clickhouse: ClickHouseClient, influx: InfluxClient, tier: Tier = .auto) {
        self.clickhouse = clickhouse
        store = HourlyStore(clickhouse: clickhouse)
        raw = RawHistoryReader(influx: influx)
        self.tier = tier
    }

    /// UTC day starts (epoch seconds) that are rolled up within [from, to] (cached per range: the
    /// previous-period read of a report asks for another range than the period itself).
    public mutating func rolledUpDays(from: Int64, to: Int64) throws -> Set<Int64> {
        if let cached = rolledDays, cached.from <= from, cached.to >= to { return cached.days }
        let days = try RollupCatalog(clickhouse: clickhouse).days(from: from, to: to)
        rolledDays = (from, to, days)
        return days
    }

    /// The whole local-day pieces of a rolled-up [from, to) that `metrics_daily` serves: the
    /// longest run of whole `DayPieces` pieces, up to the first rollup day without its daily rows
    /// (`rollup_daily_days`; in the ClickHouse-only tier: all of it when the tenant has daily rows in it); else nil.
    public mutating func dailyRange(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64) throws -> EpochInterval? {
        guard dailyRollups, let whole = DayPieces(grid: grid, clock: LocalClock(tenant.timeZone)).wholePieces(from: from, to: to) else { return nil }
        // The ClickHouse-only tier (tests, benchmarks) marks no day: it uses the daily rows when the tenant has any in the range.
        if tier == .clickhouseOnly {
            let found = try clickhouse.queryStrings("""
                SELECT count() FROM metrics_daily WHERE organization_id = \(ClickHouseLiteral.string(tenant.id))
                  AND piece_start >= toDateTime(\(whole.start)) AND piece_end <= toDateTime(\(whole.end))
                """, purpose: "daily rollups of tenant \(tenant.slug)?")
            return (found.first?.first).flatMap { Int($0) }.map { $0 > 0 } == true ? whole : nil
        }
        let days: Set<Int64>
        if let cached = dailyDays, cached.from <= whole.start, cached.to >= whole.end {
            days = cached.days
        } else {
            days = try RollupCatalog(clickhouse: clickhouse).dailyDays(from: whole.start, to: whole.end)
            dailyDays = (whole.start, whole.end, days)
        }
        // The pieces end where the first day without daily rows (today's marked hours, a day rolled
        // up before the table existed) begins: a rollup window's start is always a piece boundary.
        var day = grid.rollupDay(ofHour: grid.hourStart(whole.start))
        let last = grid.rollupDay(ofHour: grid.hourStart(whole.end - 1))
        var end = whole.end
        while day <= last {
            guard days.contains(day) else { end = grid.dayWindow(utcDayStart: day).start; break }
            day += 86_400
        }
        return end > whole.start ? EpochInterval(start: whole.start, end: end) : nil
    }

    /// Hour starts of tenant `organizationID` that `rollup --hours` marked, for hours whose UTC day lies
    /// within [from, to) and a day of margin (cached per tenant and range like `rolledUpDays`).
    public mutating func rolledUpHours(organizationID: String, from: Int64, to: Int64) throws -> Set<Int64> {
        if let cached = rolledHours, cached.organizationID == organizationID, cached.from <= from, cached.to >= to { return cached.hours }
        let hours = try RollupCatalog(clickhouse: clickhouse).hours(organizationID: organizationID, from: from, to: to)
        rolledHours = (organizationID, from, to, hours)
        return hours
    }

    /// The [start, end) runs of the range and whether each is served by ClickHouse.
    ///
    /// A day listed in `rollup_days` is served by ClickHouse; in the other days, so are the whole
    /// hours of `organizationID` marked in `rollup_hours` (without an `organizationID`, such a day
    /// is InfluxDB's). A part of an hour at the range's edge is InfluxDB's (its row covers the whole
    /// hour). Adjacent ClickHouse days and hours form one run: `dailyRange` takes the daily pieces
    /// only up to the first day without them.
    public mutating func segments(grid: HourGrid, from: Int64, to: Int64, organizationID: String? = nil) throws -> [(from: Int64, to: Int64, rolledUp: Bool)] {
        guard to > from else { return [] }
        let days: Set<Int64>
        switch tier {
        case .auto: days = try rolledUpDays(from: from, to: to)
        case .clickhouseOnly: return [(from, to, true)]
        case .influxOnly: return [(from, to, false)]
        }
        var result: [(from: Int64, to: Int64, rolledUp: Bool)] = []
        func add(_ start: Int64, _ end: Int64, _ rolled: Bool) {
            if let last = result.last, last.rolledUp == rolled, last.to == start { result[result.count - 1].to = end } else { result.append((start, end, rolled)) }
        }
        var hours: Set<Int64>? = nil
        var start = from
        while start < to {
            let day = grid.rollupDay(ofHour: grid.hourStart(start))
            let end = min(to, grid.dayWindow(utcDayStart: day).end)
            if days.contains(day) {
                add(start, end, true)
            } else if let organizationID {
                let marked: Set<Int64>
                if let known = hours { marked = known } else { marked = try rolledUpHours(organizationID: organizationID, from: from, to: to); hours = marked }
                var t = start
                while t < end {
                    let hour = grid.hourStart(t), next = min(end, hour + 3600)
                    add(t, next, t == hour && next == hour + 3600 && marked.contains(hour))
                    t = next
                }
            } else {
                add(start, end, false)
            }
            start = end
        }
        return result
    }

    /// Heartbeat summaries of the tenant's devices for hours in [from, to), keeping gaps over `grace`.
    ///
    /// `visit` is called once per device and segment, segments in time order: append each to the
    /// device's running summary with `SummaryStitcher.append`. ClickHouse segments are summarised
    /// inside ClickHouse (one row per device); InfluxDB returns first/last heartbeats and the gaps.
    public mutating func availability(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64, grace: Int64,
                                      _ visit: (_ device: String, _ summary: HeartbeatGapSummary) throws -> Void) throws {
        for segment in try segments(grid: grid, from: from, to: to, organizationID: tenant.id) {
            if segment.rolledUp {
                rowsRead += try store.readSummaries(organizationID: tenant.id, from: segment.from, to: segment.to, grace: grace,
                                                    purpose: "heartbeat rollups of tenant \(tenant.slug)", visit)
            } else {
                rowsRead += try raw.heartbeatSummaries(organizationID: tenant.id, grid: grid, from: segment.from, to: segment.to, grace: grace,
                                                       purpose: "raw heartbeats of tenant \(tenant.slug)", visit)
            }
        }
    }

    /// Folds the metric figures of the tenant's `known` devices for hours in [from, to) into `aggregates`.
    ///
    /// ClickHouse segments are aggregated inside ClickHouse: one query for the period cells
    /// (sketches merged with `sumMap`), one per day bucket when `aggregates.days` is set, one per
    /// hour for the tenant totals when `aggregates.hourly`. The first two read whole local days
    /// from `metrics_daily` and only the hours outside them from `metrics_hourly`. InfluxDB
    /// segments stream raw points.
    public mutating func metrics(tenant: Tenant, grid: HourGrid, from: Int64, to: Int64, known: Set<String>,
                                 into aggregates: inout MetricAggregates, exclusionLimit: Int = 1000) throws {
        for segment in try segments(grid: grid, from: from, to: to, organizationID: tenant.id) {
            if segment.rolledUp {
                let daily = try dailyRange(tenant: tenant, grid: grid, from: segment.from, to: segment.to)
                if daily != nil { dailySegments += 1 }
                var unknown = Set<String>()
                rowsRead += try store.readMetricCells(organizationID: tenant.id, from: segment.from, to: segment.to, daily: daily,
                                                      percentiles: aggregates.percentiles,
                                                      purpose: "metric rollups of tenant \(tenant.slug)") { device, metric, cell in
                    guard known.contains(device) else { unknown.insert(device); return }
                    aggregates.add(device: device, metric: metric, cell: cell)
                }
                let excluded = unknown.sorted()
                if !aggregates.days.isEmpty {
                    // Day buckets read whole pieces only when every bucket start inside the daily range is a piece start.
                    let pieces = DayPieces(grid: grid, clock: LocalClock(tenant.timeZone))
                    let bucketDaily = daily.flatMap { range in
                        aggregates.days.allSatisfy { $0.start <= range.start || $0.start >= range.end || pieces.isBoundary($0.start) } ? range : nil
                    }
                    rowsRead += try store.readMetricDays(organizationID: tenant.id, from: segment.from, to: segment.to, daily: bucketDaily,
                                                         dayStarts: aggregates.days.map(\.start),
                                                         purpose: "daily metric rollups of tenant \(tenant.slug)") { device, metric, day, samples, sum, max in
                        guard known.contains(device) else { return }
                        aggregates.add(device: device, metric: metric, day: day, samples: samples, sum: sum, max: max)
                    }
                }
                if aggregates.hourly {
                    // Devices PostgreSQL no longer lists are left out; a long list is subtracted in chunks instead.
                    let purpose = "hourly metric totals of tenant \(tenant.slug)"
                    rowsRead += try store.readTenantHours(organizationID: tenant.id, from: segment.from, to: segment.to,
                                                          devices: excluded.count <= exclusionLimit ? .except(excluded) : .all, purpose: purpose) { metric, hour, samples, sum in
                        aggregates.add(metric: metric, hour: hour, samples: samples, sum: sum)
                    }
                    var start = 0
                    while excluded.count > exclusionLimit && start < excluded.count {
                        let chunk = Array(excluded[start..<min(start + max(exclusionLimit, 1), excluded.count)])
                        start += chunk.count
                        rowsRead += try store.readTenantHours(organizationID: tenant.id, from: segment.from, to: segment.to,
                                                              devices: .only(chunk), purpose: purpose + " (devices no longer listed)") { metric, hour, samples, sum in
                            aggregates.add(metric: metric, hour: hour, samples: -samples, sum: -sum)
                        }
                    }
                }
            } else {
                rowsRead += try raw.metrics(organizationID: tenant.id, grid: grid, from: segment.from, to: segment.to,
                                            purpose: "raw metrics of tenant \(tenant.slug)") { device, hours in
                    guard known.contains(device) else { return }
                    aggregates.add(device: device, hours: hours)
                }
            }
        }
    }
}
