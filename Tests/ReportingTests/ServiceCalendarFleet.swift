import Analytics
import Connectors
import Foundation
import ReportingTestSupport
@testable import Reporting

/// Planted heartbeats for the service-calendar tests, written to the real InfluxDB and
/// PostgreSQL, with the calendars in `reporting.service_calendars`.
///
/// Three tenants: Europe/Berlin (its own calendar `<prefix>hours`, which must win over the
/// shared calendar of the same name; weeks across the spring and the autumn DST change, an
/// overnight Saturday window, a Sunday 01:00-05:00 window on the change days, a holiday on a
/// weekday and one on a Saturday), Asia/Kolkata (the shared `<prefix>hours` through the
/// definition option) and America/New_York (its own `ny` calendar by the definition option,
/// across its autumn change). Per device one planted case: an outage crossing a window's
/// edge, one wholly outside service time, blips under `outage_min` (a gap and an offline
/// run), a maintenance window inside an outage, an outage across the overnight window.
final class ServiceCalendarFleet: @unchecked Sendable {
    struct Planted {
        var tenant: Tenant
        var slug: String
        var weekly: [String: [[String]]]
        var holidays: [String]
        /// Definition `service_calendar` (nil: the tenant's default).
        var option: String?
        var periods: [String]
        var devices: [(id: String, name: String, heartbeats: [Heartbeat], maintenance: [EpochInterval])]
        var tenantMaintenance: [EpochInterval]
    }

    let prefix: String
    let config: Configuration
    let servers: Servers
    var planted: [Planted] = []
    static let grace: Int64 = 180
    static let createdAt: Int64 = 1_760_000_000  // 2025-10-09, long before every period

    static let shared: Result<ServiceCalendarFleet, Error> = Result { try ServiceCalendarFleet() }

    static let berlinWeekly: [String: [[String]]] = [
        "mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [["08:00", "18:00"]],
        "thu": [["08:00", "18:00"]], "fri": [["08:00", "18:00"]], "sat": [["22:00", "06:00"]], "sun": [["01:00", "05:00"]],
    ]
    static let sharedWeekly: [String: [[String]]] = [
        "mon": [["09:30", "18:30"]], "tue": [["09:30", "18:30"]], "wed": [["09:30", "18:30"]], "thu": [["09:30", "18:30"]],
        "fri": [["09:30", "13:00"], ["14:00", "18:30"]],
    ]
    static let nyWeekly: [String: [[String]]] = [
        "mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [["08:00", "18:00"]], "thu": [["08:00", "18:00"]],
        "fri": [["08:00", "18:00"]], "sun": [["00:30", "03:30"]],
    ]

    init() throws {
        prefix = "zz-test-cal\(UInt32.random(in: 0...UInt32.max))-"
        try FleetFixture.removeOldTestFleets()
        FleetFixture.keep(prefix)
        config = try TestEnvironment.configuration()
        servers = Servers(config: config)
        let pg = try servers.postgres()
        try pg.query("DELETE FROM reporting.service_calendars WHERE organization_id IS NULL AND name LIKE 'zz-test-%'",
                     purpose: "test: old shared calendars")
        let hours = prefix + "hours"
        try insertCalendar(pg, organization: nil, name: hours, weekly: Self.sharedWeekly, holidays: ["2026-08-14"])
        let kolkata = try tenant(pg, "kolkata", zone: "Asia/Kolkata", defaultCalendar: nil)
        let ny = try tenant(pg, "ny", zone: "America/New_York", defaultCalendar: nil)
        try insertCalendar(pg, organization: ny, name: "ny", weekly: Self.nyWeekly, holidays: ["2026-10-28"])

        var lines = ""
        // Berlin: one tenant per DST week (Mon-Sun; 2026-03-29 and 2026-10-25 are the change Sundays),
        // each with its own calendar of the shared one's name (which must win).
        let bz = LocalClock(TimeZone(identifier: "Europe/Berlin")!)
        let weeks = [(try CivilDate(year: 2026, month: 3, day: 23)), (try CivilDate(year: 2026, month: 10, day: 19))]
        let berlinHolidays = ["2026-03-26", "2026-10-24"]
        for (w, monday) in weeks.enumerated() {
            let tag = w == 0 ? "spring" : "autumn"
            let berlin = try tenant(pg, "berlin-\(tag)", zone: "Europe/Berlin", defaultCalendar: hours)
            try insertCalendar(pg, organization: berlin, name: hours, weekly: Self.berlinWeekly, holidays: berlinHolidays)
            let from = bz.instant(forWallClock: monday.daysSinceEpoch * 86_400), to = bz.instant(forWallClock: monday.adding(days: 7).daysSinceEpoch * 86_400)
            func at(_ day: Int, _ hm: String) -> Int64 { Self.at(bz, monday.adding(days: day), hm) }
            let bd: [(String, String, [Heartbeat], [EpochInterval])] = [
                ("edge", "edge", Self.beats(from, to, gaps: [(at(0, "07:30"), at(0, "08:30"))]), []),
                ("outside", "outside", Self.beats(from, to, gaps: [(at(1, "20:00"), at(1, "21:10"))]), []),
                ("blip", "blip", Self.beats(from, to, gaps: [(at(2, "10:00"), at(2, "10:02")), (at(4, "15:00"), at(4, "15:40"))],
                                            offline: [(at(3, "11:00"), at(3, "11:02"))]), []),
                ("maint", "maint", Self.beats(from, to, offline: [(at(2, "09:00"), at(2, "12:00"))]),
                 [EpochInterval(start: at(2, "10:00"), end: at(2, "11:00"))]),
                // Across the Saturday overnight window and the Sunday 01:00-05:00 window (the DST change night).
                ("overnight", "overnight", Self.beats(from, to, gaps: [(at(5, "23:00"), at(6, "04:00"))]), []),
            ]
            let end = monday.adding(days: 6)
            planted.append(Planted(tenant: berlin, slug: berlin.slug, weekly: Self.berlinWeekly, holidays: berlinHolidays, option: nil,
                                   periods: ["\(monday)..\(end)"], devices: try deviceRows(pg, berlin, bd, &lines),
                                   tenantMaintenance: [EpochInterval(start: at(3, "12:00"), end: at(3, "13:00"))]))
        }

        // Kolkata: one week with a holiday (Friday 2026-08-14) and its split Friday.
        let kz = LocalClock(TimeZone(identifier: "Asia/Kolkata")!)
        let km = try CivilDate(year: 2026, month: 8, day: 10)
        let kf = kz.instant(forWallClock: km.daysSinceEpoch * 86_400), kt = kz.instant(forWallClock: km.adding(days: 7).daysSinceEpoch * 86_400)
        func k(_ day: Int, _ hm: String) -> Int64 { Self.at(kz, km.adding(days: day), hm) }
        let kd: [(String, String, [Heartbeat], [EpochInterval])] = [
            ("k-edge", "edge", Self.beats(kf, kt, gaps: [(k(1, "18:00"), k(1, "19:00"))]), []),
            ("k-holiday", "holiday", Self.beats(kf, kt, offline: [(k(4, "10:00"), k(4, "12:00"))]), []),
            ("k-lunch", "lunch", Self.beats(kf, kt, gaps: [(k(3, "12:50"), k(3, "14:20"))]), []),
        ]
        planted.append(Planted(tenant: kolkata, slug: kolkata.slug, weekly: Self.sharedWeekly, holidays: ["2026-08-14"], option: hours,
                               periods: ["2026-08-10..2026-08-16"], devices: try deviceRows(pg, kolkata, kd, &lines), tenantMaintenance: []))

        // New York: the week of its autumn change (Sunday 2026-11-01, 01:00-02:00 twice) with a Wednesday holiday.
        let nz = LocalClock(TimeZone(identifier: "America/New_York")!)
        let nm = try CivilDate(year: 2026, month: 10, day: 26)
        let nf = nz.instant(forWallClock: nm.daysSinceEpoch * 86_400), nt = nz.instant(forWallClock: nm.adding(days: 7).daysSinceEpoch * 86_400)
        func n(_ day: Int, _ hm: String) -> Int64 { Self.at(nz, nm.adding(days: day), hm) }
        let nd: [(String, String, [Heartbeat], [EpochInterval])] = [
            ("n-dst", "dst", Self.beats(nf, nt, gaps: [(n(6, "01:15"), n(6, "03:45"))]), []),
            ("n-holiday", "holiday", Self.beats(nf, nt, gaps: [(n(2, "09:00"), n(2, "10:00"))]), []),
            ("n-evening", "evening", Self.beats(nf, nt, offline: [(n(3, "17:30"), n(3, "19:00"))]), []),
        ]
        planted.append(Planted(tenant: ny, slug: ny.slug, weekly: Self.nyWeekly, holidays: ["2026-10-28"], option: "ny",
                               periods: ["2026-10-26..2026-11-01"], devices: try deviceRows(pg, ny, nd, &lines), tenantMaintenance: []))

        for p in planted {
            for m in p.tenantMaintenance {
                try pg.query("INSERT INTO reporting.maintenance_windows (organization_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, 'test')",
                             [p.tenant.id, Date(timeIntervalSince1970: Double(m.start)), Date(timeIntervalSince1970: Double(m.end))], purpose: "test: maintenance")
            }
            for d in p.devices {
                for m in d.maintenance {
                    try pg.query("""
                        INSERT INTO reporting.maintenance_windows (organization_id, device_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, 'test')
                        """, [p.tenant.id, d.id, Date(timeIntervalSince1970: Double(m.start)), Date(timeIntervalSince1970: Double(m.end))],
                        purpose: "test: device maintenance")
                }
            }
        }
        try servers.influx().write(Array(lines.utf8), precision: "s", purpose: "test: planted heartbeats")
        // Tenants as the reports see them (their default calendars resolved).
        let resolved = try TenantDirectory(pg: pg).tenants(slugs: planted.map(\.slug))
        for i in planted.indices { planted[i].tenant = resolved.first { $0.slug == planted[i].slug }! }
        try rollUp()
    }

    /// Rolls every UTC day the periods touch (and one either side) into ClickHouse.
    func rollUp() throws {
        let writer = HourlyStore(clickhouse: try servers.clickhouse()).writer()
        let reader = RawHistoryReader(influx: try servers.influx())
        for p in planted {
            for spec in p.periods {
                let period = try ReportPeriodParser.parse(spec, tenant: p.tenant)
                var day = period.interval.start / 86_400 * 86_400 - 86_400
                while day <= period.interval.end + 86_400 {
                    _ = try RollupJob.rollUp(tenant: p.tenant, utcDayStart: day, reader: reader, writer: writer)
                    day += 86_400
                }
            }
        }
        try writer.flush()
    }

    /// A context for one planted tenant and period (the sla defaults, outage_min 3m, max_outages 1).
    func context(_ p: Planted, period spec: String, tier: TieredHistory.Tier) throws -> ReportContext {
        let pg = try servers.postgres()
        let period = try ReportPeriodParser.parse(spec, tenant: p.tenant)
        var definition = ReportDefinition.defaults(for: .sla)
        definition.options.outageMinSeconds = 180
        definition.options.serviceCalendar = p.option
        definition.options.maxOutages = 1
        let directory = TenantDirectory(pg: pg)
        return ReportContext(definition: definition, tenant: p.tenant, period: period, devices: try directory.devices(of: p.tenant, createdBefore: period.end),
                             directory: directory, history: TieredHistory(clickhouse: try servers.clickhouse(), influx: try servers.influx(), tier: tier),
                             now: Date(timeIntervalSince1970: 1_900_000_000), generatedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// The first instant local `day` shows `hm`.
    static func at(_ clock: LocalClock, _ day: CivilDate, _ hm: String) -> Int64 {
        let p = hm.split(separator: ":").map { Int64($0)! }
        return clock.instant(forWallClock: day.daysSinceEpoch * 86_400 + p[0] * 3600 + p[1] * 60)
    }

    /// Heartbeats every 60 s (at :07) from 2 h before `from` to 2 h after `to`, none inside
    /// `gaps`, `online=false` inside `offline`.
    static func beats(_ from: Int64, _ to: Int64, gaps: [(Int64, Int64)] = [], offline: [(Int64, Int64)] = []) -> [Heartbeat] {
        var out: [Heartbeat] = []
        var t = (from - 7200) / 60 * 60 + 7
        while t < to + 7200 {
            if !gaps.contains(where: { t >= $0.0 && t < $0.1 }) {
                out.append(Heartbeat(time: t, online: !offline.contains { t >= $0.0 && t < $0.1 }))
            }
            t += 60
        }
        return out
    }

    private func tenant(_ pg: PostgresClient, _ name: String, zone: String, defaultCalendar: String?) throws -> Tenant {
        let id = UUID().uuidString.lowercased(), slug = prefix + name
        try pg.query("INSERT INTO organizations (id, name, slug) VALUES ($1, $2, $3)", [id, "Calendar \(name)", slug], purpose: "test: tenant")
        try pg.query("""
            INSERT INTO reporting.tenant_settings (organization_id, timezone, sla_target_pct, service_calendar) VALUES ($1, $2, 99.5, $3)
            """, [id, zone, defaultCalendar], purpose: "test: tenant settings")
        return Tenant(id: id, slug: slug, name: "Calendar \(name)", timeZoneID: zone, slaTargetPercent: 99.5, recipients: [],
                      displayName: nil, accentColor: nil, logoDataURI: nil)
    }

    private func insertCalendar(_ pg: PostgresClient, organization: Tenant?, name: String, weekly: [String: [[String]]], holidays: [String]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: weekly, options: [.sortedKeys]), as: UTF8.self)
        try pg.query("INSERT INTO reporting.service_calendars (organization_id, name, weekly, holidays) VALUES ($1::uuid, $2, $3::jsonb, $4::date[])",
                     [organization?.id, name, json, holidays], purpose: "test: calendar")
    }

    private func deviceRows(_ pg: PostgresClient, _ tenant: Tenant, _ list: [(String, String, [Heartbeat], [EpochInterval])],
                            _ lines: inout String) throws -> [(id: String, name: String, heartbeats: [Heartbeat], maintenance: [EpochInterval])] {
        try list.map { key, name, beats, maintenance in
            let id = UUID().uuidString.lowercased()
            try pg.query("INSERT INTO devices (id, organization_id, name, device_type, created_at) VALUES ($1, $2, $3, 'server', $4)",
                         [id, tenant.id, key, Date(timeIntervalSince1970: Double(Self.createdAt))], purpose: "test: device")
            for b in beats { lines += "heartbeat,organization_id=\(tenant.id),device_id=\(id) online=\(b.online) \(b.time)\n" }
            _ = name
            return (id, key, beats, maintenance)
        }
    }

    /// Removes the fleet and the shared calendar.
    func cleanUp() throws {
        try FleetFixture.removeOldTestFleets()
        try servers.postgres().query("DELETE FROM reporting.service_calendars WHERE organization_id IS NULL AND name = $1", [prefix + "hours"],
                                     purpose: "test: drop the shared calendar")
    }
}
