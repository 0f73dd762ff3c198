import Analytics
import Connectors
import Foundation
import Rendering
import ReportingTestSupport
import Testing
@testable import Reporting

/// Service calendars end to end: planted heartbeats in the real InfluxDB, rolled up into the
/// real ClickHouse, calendars and maintenance in the real PostgreSQL; the report's in-service
/// figures on both tiers equal each other and the independent Python oracle
/// (`Tests/oracle/service_time_oracle.py`: zoneinfo and per-second masks) to the second.
@Suite("Service calendars: both tiers against the Python oracle", .serialized)
struct ServiceCalendarTierTests {
    static func fleet() throws -> ServiceCalendarFleet { try ServiceCalendarFleet.shared.get() }

    func scenario(_ p: ServiceCalendarFleet.Planted, period: ReportPeriod, name: String) -> [String: Any] {
        let lo = period.interval.start - 3 * 3600, hi = period.interval.end + 3 * 3600
        return [
            "name": name, "timezone": p.tenant.timeZoneID, "start": period.interval.start, "end": period.interval.end, "now": NSNull(),
            "calendar": ["weekly": p.weekly, "holidays": p.holidays],
            "grace": ServiceCalendarFleet.grace, "outage_min": 180, "target_pct": p.tenant.slaTargetPercent, "max_outages": 1,
            "breakdown": period.dayBuckets.map { [$0.interval.start, $0.interval.end] },
            "tenant_maintenance": p.tenantMaintenance.map { [$0.start, $0.end] },
            "devices": p.devices.map { d -> [String: Any] in
                let beats = d.heartbeats.filter { $0.time >= lo && $0.time < hi }
                return ["id": d.id, "created_at": ServiceCalendarFleet.createdAt, "maintenance": d.maintenance.map { [$0.start, $0.end] },
                        "times": beats.map(\.time), "online": beats.map(\.online)]
            },
        ]
    }

    func oracle(_ scenarios: [[String: Any]]) throws -> [[String: Any]] {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input.json")
        try JSONSerialization.data(withJSONObject: ["scenarios": scenarios]).write(to: input)
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/oracle/service_time_oracle.py").path
        let out = try TestEnvironment.spawn("/usr/bin/env", ["python3", script, input.path], environment: ProcessInfo.processInfo.environment)
        guard out.status == 0, let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] else {
            throw ReportingError(.io, "service time oracle failed (\(out.status)): \(out.stderr)")
        }
        return json["scenarios"] as? [[String: Any]] ?? []
    }

    static func row(_ t: AvailabilityTotals) -> [Int64] {
        [t.monitoredSeconds, t.downSeconds, t.maintenanceSeconds, t.plannedDownSeconds, t.outsideServiceDownSeconds,
         Int64(t.outageCount), t.longestOutageSeconds]
    }

    static func row(_ e: [String: Any]) -> [Int64] {
        ["monitored", "down", "maintenance", "planned", "outside", "outages", "longest"].map { (e[$0] as? NSNumber)?.int64Value ?? -1 }
    }

    static func rows(_ table: ReportTable) throws -> [ReportRow] {
        var it = try table.rows.makeIterator()
        var out: [ReportRow] = []
        while let r = try it.next() { out.append(r) }
        return out
    }

    static func close(_ a: Double?, _ b: Any?) -> Bool {
        let e = (b as? NSNumber)?.doubleValue
        guard let a, let e else { return a == nil && e == nil }
        return abs(a - e) <= 1e-9 * max(1, abs(e))
    }

    @Test func inServiceFiguresEqualTheOracleOnBothTiers() throws {
        let fleet = try Self.fleet()
        var runs: [(name: String, raw: AvailabilityCollector.Result, rolled: AvailabilityCollector.Result)] = []
        var scenarios: [[String: Any]] = []
        for p in fleet.planted {
            for spec in p.periods {
                var raw = try fleet.context(p, period: spec, tier: .influxOnly)
                var rolled = try fleet.context(p, period: spec, tier: .clickhouseOnly)
                let fromRaw = try AvailabilityCollector.collect(&raw), fromRollups = try AvailabilityCollector.collect(&rolled)
                let name = "\(p.slug) \(spec)"
                runs.append((name, fromRaw, fromRollups))
                scenarios.append(scenario(p, period: raw.period, name: name))
            }
        }
        let answers = try oracle(scenarios)
        #expect(answers.count == runs.count)
        var seen: Set<String> = []
        for (run, answer) in zip(runs, answers) {
            // Both tiers: the same devices, outages, buckets and totals.
            #expect(run.raw.tenant == run.rolled.tenant, "\(run.name): tiers differ (tenant)")
            #expect(run.raw.devices.map(\.availability) == run.rolled.devices.map(\.availability), "\(run.name): tiers differ (devices)")
            #expect(!run.raw.calendar.isAlways, "\(run.name): a calendar was resolved")
            let service = (answer["service"] as? [[NSNumber]] ?? []).map { $0.map(\.int64Value) }
            #expect(run.raw.engine.serviceTime.intervals(in: run.raw.engine.period).map { [$0.start, $0.end] } == service, "\(run.name): service time")
            let expected = answer["devices"] as? [[String: Any]] ?? []
            #expect(expected.count == run.raw.devices.count)
            for (result, rolledResult) in zip(run.raw.devices, run.rolled.devices) {
                guard let e = expected.first(where: { ($0["id"] as? String) == result.device.id }) else {
                    Issue.record("\(run.name): oracle lacks \(result.device.name)")
                    continue
                }
                let what = "\(run.name) \(result.device.name)"
                for (tier, a) in [("raw", result.availability), ("rollup", rolledResult.availability)] {
                    #expect(Self.row(a.totals) == Self.row(e), "\(what) \(tier): monitored, down, maintenance, planned, outside, outages, longest")
                    let list = (e["outage_list"] as? [[Any]] ?? []).map { o in o.map { ($0 as? NSNumber).map { String($0.int64Value) } ?? ($0 as? String) ?? "nil" } }
                    let mine = a.outages.map { o in
                        [String(o.interval.start), String(o.interval.end), o.cause.rawValue, o.extentStart.map(String.init) ?? "nil",
                         o.extentEnd.map(String.init) ?? "nil", String(o.inServiceSeconds)]
                    }
                    #expect(mine == list, "\(what) \(tier): outages")
                    #expect(a.buckets.map(Self.row) == (e["buckets"] as? [[String: Any]] ?? []).map(Self.row), "\(what) \(tier): daily buckets")
                    #expect(Self.close(a.totals.availability, e["availability"]), "\(what) \(tier): availability")
                    #expect(Self.close(a.totals.errorBudget(targetPercent: run.raw.engine.policy.targetPercent)?.leftSeconds, e["budget_left"]))
                    #expect(Self.close(a.totals.mttrSeconds, e["mttr"]) && Self.close(a.totals.mtbfSeconds, e["mtbf"]), "\(what) \(tier): MTTR/MTBF")
                    #expect(run.raw.objective?.isMet(by: a) == (e["meets_max_outages"] as? Bool), "\(what) \(tier): outage objective")
                }
                let a = result.availability
                for o in a.outages {
                    if !o.touchesServiceTime { seen.insert("wholly outside") }
                    if o.touchesServiceTime && o.outsideServiceSeconds > 0 { seen.insert("across an edge") }
                }
                if a.totals.plannedDownSeconds > 0 { seen.insert("planned") }
                if result.device.name == "blip" && a.outages.count == 1 { seen.insert("blips dropped") }
            }
            let t = answer["tenant"] as? [String: Any] ?? [:]
            #expect(Self.row(run.raw.tenant.totals) == Self.row(t), "\(run.name): tenant sums")
            #expect(Self.close(run.raw.tenant.totals.availability, t["availability"]), "\(run.name): tenant availability")
            #expect(run.raw.objective?.isMet(byEvery: run.raw.devices.map(\.availability)) == (t["meets_max_outages"] as? Bool))
            #expect(run.raw.tenant.buckets.map(Self.row) == (answer["daily"] as? [[String: Any]] ?? []).map(Self.row), "\(run.name): tenant daily")
        }
        #expect(seen == ["wholly outside", "across an edge", "planned", "blips dropped"], "planted cases exercised")
        // The tenant's own calendar of a name wins over the shared one: Berlin got its own weekly schedule.
        let berlin = try #require(runs.first { $0.name.contains("berlin-spring") })
        #expect(berlin.raw.calendar.windows(on: .saturday).first?.crossesMidnight == true)
        let kolkata = try #require(runs.first { $0.name.contains("kolkata") })
        #expect(kolkata.raw.calendar.windows(on: .friday).count == 2, "Kolkata uses the shared calendar by the definition option")
    }

    @Test func slaReportNamesTheCalendarAndShowsInServiceFigures() throws {
        let fleet = try Self.fleet()
        let p = try #require(fleet.planted.first { $0.slug.hasSuffix("berlin-spring") })
        var context = try fleet.context(p, period: p.periods[0], tier: .auto)
        let built = try SLAReport.build(&context)
        let kpis = Dictionary(built.document.kpis.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(kpis["service_calendar"]?.value == .text(fleet.prefix + "hours"))
        #expect(kpis["service_hours"]?.value == .text("62 h per week"))
        #expect(kpis["service_hours"]?.hint == "mon-fri 08:00-18:00; sat 22:00-06:00 (next day); sun 01:00-05:00")
        #expect(kpis["service_holidays"]?.value == .integer(1) && kpis["service_holidays"]?.hint == "2026-03-26", "only the holiday inside the period")
        // The note (in every format, also summary.csv) names the calendar, its windows and the period's holidays.
        #expect(built.document.notes.contains { $0.contains(fleet.prefix + "hours") && $0.contains("mon-fri 08:00-18:00; sat 22:00-06:00")
            && $0.contains("holidays in this period: 2026-03-26") && $0.contains("Europe/Berlin") })
        #expect(kpis["outage_objective"] != nil && kpis["max_outages"]?.value == .integer(1))
        // Next to the SLA status.
        let keys = built.document.kpis.map(\.key)
        #expect(keys.firstIndex(of: "max_outages") == keys.firstIndex(of: "sla_met").map { $0 + 1 })
        let devices = try #require(built.document.tables.first { $0.name == "devices" })
        let cols = devices.columns.map(\.key)
        for key in ["monitored_s", "downtime_s", "planned_downtime_s", "outside_service_downtime_s", "outage_objective"] {
            #expect(cols.contains(key), "devices table has \(key)")
        }
        let outages = try #require(built.document.tables.first { $0.name == "outages" })
        let counts = try #require(outages.columns.firstIndex { $0.key == "service_time" })
        let flags = Set(try Self.rows(outages).map { $0.values[counts] })
        #expect(flags == [.text("yes"), .text("no")], "outages say whether they touched service time")
        // Days without service time (the holiday Thursday 2026-03-26 has none; every other day has some) have no availability.
        let daily = try #require(built.document.tables.first { $0.name == "daily" })
        let rows = try Self.rows(daily)
        let gaps = rows.filter { $0.values[1] == .missing }.map { $0.values[0] }
        #expect(gaps == [.date(ReportDate(year: 2026, month: 3, day: 26))])
    }
}
