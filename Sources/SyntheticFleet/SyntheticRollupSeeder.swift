import Analytics
import Connectors
import Dispatch
import Foundation
import Synchronization
import Reporting

/// What `seed --synthetic-rollups` did, phase by phase.
public struct SyntheticSeedSummary: Sendable {
    /// The fleet was already complete and nothing was written (`--reuse`).
    public var reused = false
    public var tenants = 0
    public var devices = 0
    /// The tenants' slugs, in plan order.
    public var slugs: [String] = []
    /// UTC days written as ClickHouse rollups (and listed in `rollup_days`), first and last.
    public var rolledUpDays = 0
    public var firstRolledUpDay = ""
    public var lastRolledUpDay = ""
    public var rollupRows = 0
    /// Raw points (lines) written to InfluxDB, and the range they cover.
    public var rawPoints = 0
    public var rawFrom = ""
    public var rawTo = ""
    public var alerts = 0
    public var removeSeconds = 0.0
    public var postgresSeconds = 0.0
    public var influxSeconds = 0.0
    public var clickhouseSeconds = 0.0
    public var seconds = 0.0
}

/// The fast seeding path for benchmarks: the same `FleetPlan` tenants and devices as `FleetSeeder`
/// in PostgreSQL, but the old days are written straight as ClickHouse hourly and daily rollups
/// (`SyntheticDeviceHours` through `HourlyStore.Writer`, one `rollup_days` row per day) instead
/// of being generated point by point and rolled up in-process; only the last `rawDays` days are
/// raw points in InfluxDB (heartbeat + system_metrics every check-in).
///
/// Order: leftovers removed, PostgreSQL, InfluxDB raw, then ClickHouse day by day with each
/// day marked last, so a fleet whose every day is marked with matching row counts is complete
/// (`isSeeded`). The slug prefix is required: `remove` deletes every tenant whose slug starts
/// with it, their InfluxDB series and the ClickHouse partitions of the rolled-up days (after
/// checking no other tenant has rows in them).
public struct SyntheticRollupSeeder: Sendable {
    public let servers: Servers
    public let options: SeedOptions
    /// Lines per InfluxDB write request.
    public var batchLines = 20_000

    public init(servers: Servers, options: SeedOptions) {
        self.servers = servers
        self.options = options
    }

    /// The plan and its time layout.
    struct Layout {
        let plan: FleetPlan
        /// UTC day starts written as rollups, in order.
        let rollupDays: [Int64]
        /// Start of the raw range (a UTC day start) and its end (the plan's end).
        let rawFrom: Int
        let end: Int
    }

    func layout() -> Layout {
        let end = Int((options.end ?? Date()).timeIntervalSince1970) / 60 * 60
        let plan = FleetPlan(seed: options.seed, tenantCount: options.tenants, devicesPerTenant: options.devicesPerTenant,
                             start: end - options.days * 86_400, end: end, slugPrefix: options.slugPrefix)
        let rawFrom = max(plan.start, (end - max(0, options.rawDays) * 86_400) / 86_400 * 86_400)
        let days = stride(from: Int64(plan.start / 86_400 * 86_400), to: Int64(rawFrom), by: 86_400).map { $0 }
        return Layout(plan: plan, rollupDays: days, rawFrom: rawFrom, end: end)
    }

    /// Seeds the fleet (removing any earlier one first); with `reuse`, does nothing when `isSeeded` says it is complete.
    /// `progress(phase, done, total)` is called from worker threads.
    public func run(reuse: Bool, progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }) throws -> SyntheticSeedSummary {
        try checkPrefix()
        let started = Date()
        let layout = layout()
        var summary = SyntheticSeedSummary()
        summary.tenants = layout.plan.tenants.count
        summary.devices = layout.plan.devices.count
        summary.slugs = layout.plan.tenants.map(\.slug)
        summary.rolledUpDays = layout.rollupDays.count
        summary.firstRolledUpDay = layout.rollupDays.first.map(HourlyStore.dayText) ?? ""
        summary.lastRolledUpDay = layout.rollupDays.last.map(HourlyStore.dayText) ?? ""
        summary.rawFrom = ISOTimestamp.string(Date(timeIntervalSince1970: Double(layout.rawFrom)))
        summary.rawTo = ISOTimestamp.string(Date(timeIntervalSince1970: Double(layout.end)))
        summary.alerts = layout.plan.alerts.count
        if reuse, try isSeeded(layout) {
            try restoreRawDays(layout)
            summary.reused = true
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }
        var phase = Date()
        try remove(layout)
        summary.removeSeconds = Date().timeIntervalSince(phase)
        phase = Date()
        try FleetSeeder(servers: servers, options: options).writePostgres(layout.plan, try servers.postgres())
        summary.postgresSeconds = Date().timeIntervalSince(phase)
        phase = Date()
        summary.rawPoints = try writeRaw(layout, progress: progress)
        summary.influxSeconds = Date().timeIntervalSince(phase)
        phase = Date()
        summary.rollupRows = try writeRollups(layout, progress: progress)
        summary.clickhouseSeconds = Date().timeIntervalSince(phase)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// Puts a reused fleet back in its seeded state after a run: the raw days are not rolled up
    /// (their ClickHouse partitions dropped, after checking no other tenant has rows there) and
    /// the tenants have no report runs (their outbox rows cascade), so the next run does the same work.
    func restoreRawDays(_ layout: Layout) throws {
        let ids = layout.plan.tenants.map(\.id)
        let clickhouse = try servers.clickhouse()
        let idList = ids.map(ClickHouseLiteral.string).joined(separator: ", ")
        for day in stride(from: Int64(layout.rawFrom), to: Int64(layout.end), by: 86_400) {
            if let (table, count) = try otherTenantsRows(clickhouse, range: "day = \(ClickHouseLiteral.string(HourlyStore.dayText(day)))", idList: idList) {
                throw ReportingError(.invalidInput, "ClickHouse \(table) has \(count) rows of other tenants on \(HourlyStore.dayText(day)), "
                                     + "a raw day of the reused fleet; remove them or seed without --reuse")
            }
            try RollupCatalog(clickhouse: clickhouse).dropDay(day)
        }
        _ = try servers.postgres().query("DELETE FROM reporting.report_runs WHERE organization_id = ANY($1::uuid[])", [ids],
                                         purpose: "seed: clear the reused fleet's report runs")
    }

    /// The first hourly table with rows of tenants outside `idList` where `range` holds, and their count.
    private func otherTenantsRows(_ clickhouse: ClickHouseClient, range: String, idList: String) throws -> (String, Int)? {
        for table in ["metrics_hourly", "availability_hourly"] {
            let others = try clickhouse.queryStrings("SELECT count() FROM \(table) WHERE \(range) AND organization_id NOT IN (\(idList))",
                                                     purpose: "seed: other tenants' rows in the synthetic days")
            if let count = others.first?.first.flatMap({ Int($0) }), count > 0 { return (table, count) }
        }
        return nil
    }

    /// Removes the fleet: every tenant with the slug prefix (PostgreSQL, cascading), their InfluxDB
    /// series, and the ClickHouse partitions and `rollup_days` rows of the rolled-up days.
    public func remove() throws {
        try checkPrefix()
        try remove(layout())
    }

    func remove(_ layout: Layout) throws {
        let pg = try servers.postgres()
        let found = try pg.query("SELECT id::text FROM organizations WHERE left(slug, length($1)) = $1", [options.slugPrefix],
                                 purpose: "seed: find earlier synthetic tenants")
        let ids = Array(Set((0..<found.count).compactMap { found.string($0, 0) } + layout.plan.tenants.map(\.id))).sorted()
        let clickhouse = try servers.clickhouse()
        if let first = layout.rollupDays.first, let last = layout.rollupDays.last {
            let range = "day >= \(ClickHouseLiteral.string(HourlyStore.dayText(first))) AND day <= \(ClickHouseLiteral.string(HourlyStore.dayText(last)))"
            let idList = ids.map(ClickHouseLiteral.string).joined(separator: ", ")
            if let (table, count) = try otherTenantsRows(clickhouse, range: range, idList: idList) {
                throw ReportingError(.invalidInput, "ClickHouse \(table) has \(count) rows of other tenants between \(HourlyStore.dayText(first)) "
                                     + "and \(HourlyStore.dayText(last)); the synthetic fleet replaces whole days, pick another --until")
            }
            let catalog = RollupCatalog(clickhouse: clickhouse)
            for day in layout.rollupDays { try catalog.dropDay(day) }
        }
        let influx = try servers.influx()
        try influx.execute("CREATE DATABASE \(InfluxQL.identifier(servers.config.influxDatabase))", purpose: "seed: create database")
        for id in ids {
            try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(id))", purpose: "seed: drop synthetic series")
        }
        try pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [ids], purpose: "seed: remove synthetic tenants")
    }

    /// Whether this exact fleet is already complete: the planned tenants and devices (and no other
    /// tenant with the prefix) in PostgreSQL, every rolled-up day listed once in `rollup_days`
    /// with the fleet's device count and as many rows as ClickHouse holds for it, and raw heartbeat and
    /// system_metrics points of every tenant in InfluxDB.
    public func isSeeded() throws -> Bool {
        try checkPrefix()
        return try isSeeded(layout())
    }

    func isSeeded(_ layout: Layout) throws -> Bool {
        let plan = layout.plan
        let pg = try servers.postgres()
        let devices = try pg.query("SELECT count(*) FROM devices WHERE organization_id = ANY($1::uuid[])", [plan.tenants.map(\.id)],
                                   purpose: "seed: count synthetic devices")
        let tenants = try pg.query("SELECT count(*) FROM organizations WHERE left(slug, length($1)) = $1", [options.slugPrefix],
                                   purpose: "seed: count synthetic tenants")
        guard devices.int(0, 0) == plan.devices.count, tenants.int(0, 0) == plan.tenants.count,
              let first = layout.rollupDays.first, let last = layout.rollupDays.last else { return false }
        let clickhouse = try servers.clickhouse()
        let range = "day >= \(ClickHouseLiteral.string(HourlyStore.dayText(first))) AND day <= \(ClickHouseLiteral.string(HourlyStore.dayText(last)))"
        let marks = try RollupCatalog(clickhouse: clickhouse).marks(first: first, last: last)
        guard marks.count == layout.rollupDays.count, marks.allSatisfy({ $0.count == 1 && $0.devices == plan.devices.count }) else { return false }
        var stored: [String: Int] = [:]
        for table in ["metrics_hourly", "availability_hourly"] {
            for row in try clickhouse.queryStrings("SELECT toString(day), count() FROM \(table) WHERE \(range) GROUP BY day",
                                                   purpose: "seed: count synthetic rollups") where row.count == 2 {
                stored[row[0], default: 0] += Int(row[1]) ?? 0
            }
        }
        guard marks.allSatisfy({ stored[$0.day] == $0.rows }) else { return false }
        // A fleet seeded before the daily table existed is seeded again.
        guard try RollupCatalog(clickhouse: clickhouse).dailyDays(from: first, to: last).filter({ $0 >= first && $0 <= last }).count
                == layout.rollupDays.count else { return false }
        guard layout.rawFrom < layout.end else { return true }
        // Raw points of both measurements for every tenant in the first hour (one grouped count each; a whole day takes seconds).
        let influx = try servers.influx()
        let ids = Set(plan.tenants.map(\.id))
        for (measurement, field) in [("heartbeat", "online"), ("system_metrics", "cpu_usage")] {
            var tenantsWithPoints = Set<String>()
            try influx.query("SELECT count(\(InfluxQL.identifier(field))) FROM \(InfluxQL.identifier(measurement)) "
                             + "WHERE time >= \(layout.rawFrom)s AND time < \(min(layout.end, layout.rawFrom + 3600))s GROUP BY organization_id",
                             purpose: "seed: count synthetic raw points") { chunk in
                if let id = chunk.tags["organization_id"], ids.contains(id), (chunk.values.first.flatMap { $0.count > 1 ? $0[1].int : nil } ?? 0) > 0 {
                    tenantsWithPoints.insert(id)
                }
            }
            guard tenantsWithPoints == ids else { return false }
        }
        return true
    }

    private func checkPrefix() throws {
        guard !options.slugPrefix.isEmpty else {
            throw ReportingError(.invalidInput, "the synthetic fleet needs a --slug-prefix (its tenants are removed by prefix)")
        }
    }
}
