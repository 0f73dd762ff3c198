import Foundation
import Testing
@testable import Analytics

/// Runs the independent Python oracle (Tests/oracle/service_time_oracle.py: zoneinfo and
/// per-second interval arithmetic, not our algorithms) on planted heartbeats and requires
/// agreement to the second: service time itself, every device's in-service monitored, down,
/// maintenance, planned and outside-service seconds, its outage list with in-service seconds,
/// its daily buckets, the outage-count objective, and the tenant sums; derived figures to
/// 1e-9 relative. Both SLA paths (streaming heartbeats, pushed-down gaps) must agree exactly.
/// Scenarios: Europe/Berlin weeks across the spring and the autumn change (windows
/// 01:00-05:00 and 02:30-03:30 on the change days), overnight windows, holidays, Asia/Kolkata,
/// America/New_York across its autumn change, 24x7, and a period still running.
@Suite struct ServiceTimeOracleTests {
    func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return relativeError(a, b) <= 1e-9
    }

    func row(_ t: AvailabilityTotals) -> [Int64] {
        [t.monitoredSeconds, t.downSeconds, t.maintenanceSeconds, t.plannedDownSeconds, t.outsideServiceDownSeconds,
         Int64(t.outageCount), t.longestOutageSeconds]
    }

    func row(_ e: [String: Any]) -> [Int64?] {
        ["monitored", "down", "maintenance", "planned", "outside", "outages", "longest"].map { J.int(e[$0]) }
    }

    @Test("SLA inside service time agrees with the independent Python oracle")
    func agreesWithOracle() throws {
        var gen = OracleData(seed: 0xB05_1E55)
        let scenarios = try gen.serviceTimeScenarios()
        let oracle: [String: Any]
        do {
            oracle = try runPythonOracle(script: "service_time_oracle.py",
                                         input: .object([("scenarios", .array(scenarios.map(\.json)))]))
        } catch {
            Issue.record("Python oracle unavailable: \(error)")
            return
        }
        let answers = J.arr(oracle["scenarios"])
        #expect(answers.count == scenarios.count)
        var exercised: Set<String> = []
        for (sc, answer) in zip(scenarios, answers) {
            let a = J.obj(answer)
            let calendar = try sc.calendar()
            let service = ServiceTime(calendar: calendar, clock: sc.period.clock, over: sc.period.interval)
            let expectedService = J.arr(a["service"]).map { J.arr($0).compactMap(J.int) }
            #expect(service.intervals(in: sc.period.interval).map { [$0.start, $0.end] } == expectedService, "\(sc.name): service time")
            let engine = try SLAEngine(period: sc.period, now: sc.now.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                       policy: sc.policy, tenantMaintenance: MaintenanceSchedule(sc.tenantMaintenance), calendar: calendar)
            #expect(engine.serviceTime == service)
            let objective = try sc.maxOutages.map { n throws(AnalyticsError) in try OutageCountObjective(maxOutages: n) }
            var results: [DeviceAvailability] = []
            let expected = J.arr(a["devices"])
            #expect(expected.count == sc.devices.count)
            for (dev, exp) in zip(sc.devices, expected) {
                let e = J.obj(exp)
                let what = "\(sc.name) \(dev.id)"
                let own = MaintenanceSchedule(dev.maintenance)
                let r = try engine.device(heartbeats: dev.heartbeats, createdAt: dev.createdAt, maintenance: own)
                let viaGaps = try engine.device(gaps: HeartbeatGapSummary(heartbeats: dev.heartbeats, graceSeconds: sc.policy.graceSeconds),
                                                createdAt: dev.createdAt, maintenance: own)
                #expect(r == viaGaps, "\(what): gap path differs from streaming")
                results.append(r)
                #expect(row(r.totals) == row(e), "\(what): monitored, down, maintenance, planned, outside, outages, longest")
                let outages = J.arr(e["outage_list"]).map { o in J.arr(o).map { J.isNull($0) ? "nil" : (J.str($0) ?? String(J.int($0) ?? -1)) } }
                let mine = r.outages.map { o in
                    [String(o.interval.start), String(o.interval.end), o.cause.rawValue, o.extentStart.map(String.init) ?? "nil",
                     o.extentEnd.map(String.init) ?? "nil", String(o.inServiceSeconds)]
                }
                #expect(mine == outages, "\(what): outages")
                let buckets = J.arr(e["buckets"]).map { row(J.obj($0)) }
                #expect(r.buckets.map(row) == buckets, "\(what): daily buckets")
                #expect(close(r.totals.availability, J.dbl(e["availability"])), "\(what): availability")
                let budget = r.totals.errorBudget(targetPercent: sc.policy.targetPercent)
                #expect(close(budget?.allowedSeconds, J.dbl(e["budget_allowed"])) && close(budget?.leftSeconds, J.dbl(e["budget_left"])),
                        "\(what): error budget")
                #expect(close(r.totals.mttrSeconds, J.dbl(e["mttr"])) && close(r.totals.mtbfSeconds, J.dbl(e["mtbf"])), "\(what): MTTR/MTBF")
                #expect(objective?.isMet(by: r) == (J.isNull(e["meets_max_outages"]) ? nil : (e["meets_max_outages"] as? Bool)),
                        "\(what): outage-count objective")
                for o in r.outages {
                    if !o.touchesServiceTime { exercised.insert("outage wholly outside") }
                    if o.touchesServiceTime && o.outsideServiceSeconds > 0 { exercised.insert("outage across an edge") }
                }
                if r.totals.plannedDownSeconds > 0 { exercised.insert("planned downtime") }
                if dev.id == "blip" && r.outages.count == 1 { exercised.insert("blip dropped") }
            }
            let tenant = TenantAvailability(devices: results)
            let t = J.obj(a["tenant"])
            #expect(row(tenant.totals) == row(t), "\(sc.name): tenant sums")
            #expect(close(tenant.totals.availability, J.dbl(t["availability"])), "\(sc.name): tenant availability")
            #expect(close(tenant.totals.errorBudget(targetPercent: sc.policy.targetPercent)?.leftSeconds, J.dbl(t["budget_left"])))
            #expect(close(tenant.totals.mttrSeconds, J.dbl(t["mttr"])) && close(tenant.totals.mtbfSeconds, J.dbl(t["mtbf"])))
            #expect(objective?.isMet(byEvery: results) == (J.isNull(t["meets_max_outages"]) ? nil : (t["meets_max_outages"] as? Bool)),
                    "\(sc.name): tenant outage-count objective")
            #expect(tenant.buckets.map(row) == J.arr(a["daily"]).map { row(J.obj($0)) }, "\(sc.name): tenant daily")
        }
        #expect(exercised == ["outage wholly outside", "outage across an edge", "planned downtime", "blip dropped"], "planted cases exercised")
    }
}
