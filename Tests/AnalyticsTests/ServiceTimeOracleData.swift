import Foundation
@testable import Analytics

/// One scenario of the service-time oracle: a tenant zone and period, a calendar (nil =
/// 24x7), the policy and planted devices.
struct ServiceTimeScenario {
    var name: String
    var period: ReportPeriod
    var now: Int64?
    var weekly: [String: [[String]]]?
    var holidays: [String]
    var policy: SLAPolicy
    var maxOutages: Int?
    var tenantMaintenance: [EpochInterval]
    var devices: [SLADevice]

    func calendar() throws -> ServiceCalendar {
        guard let weekly else { return .always }
        return try ServiceCalendar.parse(name: name, weekly: weekly, holidays: holidays)
    }

    var json: JSONOut {
        let calendar: JSONOut = weekly.map { w in
            .object([
                ("weekly", .object(w.keys.sorted().map { k in (k, .array((w[k] ?? []).map { .array($0.map(JSONOut.string)) })) })),
                ("holidays", .array(holidays.map(JSONOut.string))),
            ])
        } ?? .null
        return .object([
            ("name", .string(name)), ("timezone", .string(period.timeZone.identifier)),
            ("start", .int(period.interval.start)), ("end", .int(period.interval.end)), ("now", .optional(now)),
            ("calendar", calendar),
            ("grace", .int(policy.graceSeconds)), ("outage_min", .int(policy.outageMinimumSeconds)),
            ("target_pct", .double(policy.targetPercent)), ("max_outages", .optional(maxOutages.map(Int64.init))),
            ("breakdown", .intervals(period.dayBuckets.map { ($0.interval.start, $0.interval.end) })),
            ("tenant_maintenance", .intervals(tenantMaintenance.map { ($0.start, $0.end) })),
            ("devices", .array(devices.map(\.json))),
        ])
    }
}

/// Plants outages at local wall-clock times of a scenario's zone.
struct ServiceTimePlanter {
    let period: ReportPeriod
    var clock: LocalClock { period.clock }

    /// The first instant local `day` shows `minutes` after midnight (may run into the next days).
    func at(_ day: CivilDate, _ minutes: Int) -> Int64 {
        clock.instant(forWallClock: day.daysSinceEpoch * 86_400 + Int64(minutes) * 60)
    }

    /// `at` with `HH:MM`.
    func at(_ day: CivilDate, _ time: String) -> Int64 { at(day, ServiceTimePlanter.minutes(time)) }

    static func minutes(_ time: String) -> Int {
        let p = time.split(separator: ":").map { Int($0) ?? 0 }
        return p[0] * 60 + p[1]
    }

    /// Heartbeats every minute from 2 h before the period to 2 h after it, none strictly inside
    /// a silence (one at each of its ends), `online = false` inside an offline span.
    func beats(silent: [(Int64, Int64)] = [], offline: [(Int64, Int64)] = []) -> [Heartbeat] {
        var times = Set(stride(from: period.interval.start - 7200, to: period.interval.end + 7200, by: 60)
            .filter { t in !silent.contains { t > $0.0 && t < $0.1 } })
        for s in silent { times.insert(s.0); times.insert(s.1) }
        for o in offline { times.insert(o.0); times.insert(o.1) }
        return times.sorted().map { t in Heartbeat(time: t, online: !offline.contains { t >= $0.0 && t < $0.1 }) }
    }
}

/// The days a scenario plants its outages on.
struct PlantingDays {
    var work: CivilDate
    var open: String
    var close: String
    var sunday: CivilDate
    var holiday: CivilDate
    var overnight: CivilDate
}

extension OracleData {
    /// The planted devices of a scenario (see `ServiceTimeOracleTests`).
    mutating func plantedDevices(_ period: ReportPeriod, _ d: PlantingDays, until now: Int64?) -> [SLADevice] {
        let p = ServiceTimePlanter(period: period)
        let open = ServiceTimePlanter.minutes(d.open), close = ServiceTimePlanter.minutes(d.close)
        let w = d.work
        let old = period.interval.start - 86_400 * 90
        func dev(_ id: String, _ hbs: [Heartbeat], created: Int64? = nil, maintenance: [EpochInterval] = []) -> SLADevice {
            SLADevice(id: id, createdAt: created ?? old, maintenance: maintenance, heartbeats: now.map { n in hbs.filter { $0.time <= n } } ?? hbs)
        }
        let created = p.at(w, "12:00")
        var devices = [
            dev("steady", p.beats()),
            dev("edge", p.beats(silent: [(p.at(w, open - 30), p.at(w, open + 40))], offline: [(p.at(w, close - 20), p.at(w, close + 30))])),
            dev("outside", p.beats(silent: [(p.at(w, close + 120), p.at(w, close + 210))])),
            dev("blip", p.beats(silent: [(p.at(w, open + 120), p.at(w, open + 124)), (p.at(w, open + 240), p.at(w, open + 250))])),
            dev("maint-in-outage", p.beats(silent: [(p.at(w, open + 120), p.at(w, open + 300))]),
                maintenance: [EpochInterval(start: p.at(w, open + 180), end: p.at(w, open + 240))]),
            dev("maint-on-edge", p.beats(silent: [(p.at(w, close - 60), p.at(w, close + 90))]),
                maintenance: [EpochInterval(start: p.at(w, close - 30), end: p.at(w, close + 30))]),
            dev("dst-night", p.beats(silent: [(p.at(d.sunday, "00:30"), p.at(d.sunday, "06:00"))])),
            dev("holiday", p.beats(silent: [(p.at(d.holiday.adding(days: -1), "23:00"), p.at(d.holiday, "02:00")),
                                            (p.at(d.holiday, "09:00"), p.at(d.holiday, "12:00"))])),
            dev("overnight", p.beats(silent: [(p.at(d.overnight, "23:00"), p.at(d.overnight.adding(days: 1), "01:00"))])),
            dev("long", p.beats(silent: [(p.at(w, "16:00"), p.at(w.adding(days: 3), "09:30"))])),
            dev("created", p.beats().filter { $0.time >= created + 500 }, created: created),
            dev("ongoing", p.beats().filter { $0.time <= p.at(period.lastDay, "10:00") }),
            dev("silent", []),
        ]
        for k in 0..<3 {
            let hbs = stream(from: period.interval.start - 3600, to: period.interval.end + 3600, gaps: 50 + 30 * k, offline: 120, duplicates: k == 1)
            devices.append(dev("random-\(k)", hbs))
        }
        return devices
    }

    /// The scenarios: Berlin across the spring and the autumn change (two calendars each),
    /// Asia/Kolkata, America/New_York across its autumn change, Berlin 24x7, and a running period.
    mutating func serviceTimeScenarios() throws -> [ServiceTimeScenario] {
        func day(_ s: String) throws -> CivilDate { try CivilDate(parsing: s) }
        func period(_ spec: String, _ tz: String) throws -> ReportPeriod { try ReportPeriod.parse(spec, relativeTo: Date(), in: zone(tz)) }
        let policy = SLAPolicy(graceSeconds: 180, outageMinimumSeconds: 300, targetPercent: 99.5)
        let office = [["08:00", "18:00"]]
        var out: [ServiceTimeScenario] = []
        func add(_ name: String, _ p: ReportPeriod, _ weekly: [String: [[String]]]?, _ holidays: [String], _ d: PlantingDays,
                 maxOutages: Int?, now: Int64? = nil) {
            let pl = ServiceTimePlanter(period: p)
            let o = ServiceTimePlanter.minutes(d.open)
            let maintenance = [EpochInterval(start: pl.at(d.work.adding(days: 1), o - 60), end: pl.at(d.work.adding(days: 1), o + 60)),
                               EpochInterval(start: pl.at(p.lastDay, "02:00"), end: pl.at(p.lastDay, "03:00"))]
            out.append(ServiceTimeScenario(name: name, period: p, now: now, weekly: weekly, holidays: holidays, policy: policy,
                                           maxOutages: maxOutages, tenantMaintenance: maintenance,
                                           devices: plantedDevices(p, d, until: now)))
        }
        let spring = try period("2026-03-25..2026-03-31", "Europe/Berlin")
        let springA = ["mon": office, "tue": office, "wed": office, "thu": office, "fri": office, "sun": [["01:00", "05:00"]]]
        add("berlin-spring-a", spring, springA, ["2026-03-27"],
            PlantingDays(work: try day("2026-03-25"), open: "08:00", close: "18:00", sunday: try day("2026-03-29"),
                         holiday: try day("2026-03-27"), overnight: try day("2026-03-28")), maxOutages: 2)
        add("berlin-spring-b", spring,
            ["wed": [["22:00", "06:00"]], "thu": [["05:00", "12:00"], ["13:00", "18:00"]], "fri": office, "sat": [["20:00", "01:30"]],
             "sun": [["02:30", "03:30"]], "mon": office, "tue": office], ["2026-03-26"],
            PlantingDays(work: try day("2026-03-27"), open: "08:00", close: "18:00", sunday: try day("2026-03-29"),
                         holiday: try day("2026-03-26"), overnight: try day("2026-03-28")), maxOutages: 3)
        let autumn = try period("2026-10-21..2026-10-27", "Europe/Berlin")
        let autumnDays = PlantingDays(work: try day("2026-10-21"), open: "08:00", close: "18:00", sunday: try day("2026-10-25"),
                                      holiday: try day("2026-10-23"), overnight: try day("2026-10-24"))
        add("berlin-autumn-a", autumn, ["mon": office, "tue": office, "wed": office, "thu": office, "fri": office, "sun": [["01:00", "05:00"]]],
            ["2026-10-23"], autumnDays, maxOutages: 2)
        let late = [["09:00", "17:00"]]
        add("berlin-autumn-b", autumn,
            ["sat": [["22:00", "01:30"]], "sun": [["02:30", "03:30"]], "mon": [["22:00", "06:00"]], "tue": late, "wed": late, "thu": late, "fri": late],
            ["2026-10-27"],
            PlantingDays(work: try day("2026-10-22"), open: "09:00", close: "17:00", sunday: try day("2026-10-25"),
                         holiday: try day("2026-10-27"), overnight: try day("2026-10-24")), maxOutages: 1)
        let india = [["09:30", "18:30"]]
        add("kolkata", try period("2026-10-01..2026-10-07", "Asia/Kolkata"),
            ["mon": india, "tue": india, "wed": india, "thu": india, "fri": india, "sat": [["10:00", "14:00"]]], ["2026-10-02"],
            PlantingDays(work: try day("2026-10-01"), open: "09:30", close: "18:30", sunday: try day("2026-10-04"),
                         holiday: try day("2026-10-02"), overnight: try day("2026-10-03")), maxOutages: 2)
        let us = [["08:00", "17:00"]]
        add("new-york", try period("2026-10-29..2026-11-04", "America/New_York"),
            ["mon": us, "tue": us, "wed": us, "thu": us, "fri": us, "sat": [["22:00", "00:00"]], "sun": [["01:00", "05:00"]]], ["2026-11-03"],
            PlantingDays(work: try day("2026-10-29"), open: "08:00", close: "17:00", sunday: try day("2026-11-01"),
                         holiday: try day("2026-11-03"), overnight: try day("2026-10-31")), maxOutages: nil)
        add("berlin-autumn-24x7", autumn, nil, [], autumnDays, maxOutages: 3)
        let now = ServiceTimePlanter(period: spring).at(try day("2026-03-29"), "12:00")
        add("berlin-spring-running", spring, springA, ["2026-03-27"],
            PlantingDays(work: try day("2026-03-25"), open: "08:00", close: "18:00", sunday: try day("2026-03-29"),
                         holiday: try day("2026-03-27"), overnight: try day("2026-03-28")), maxOutages: 2, now: now)
        return out
    }
}
