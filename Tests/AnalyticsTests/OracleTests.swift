import Foundation
import Testing
@testable import Analytics

/// Runs the independent Python oracle (Tests/oracle/analytics_oracle.py: numpy, pandas,
/// zoneinfo, PyPI `lttb`) on deterministic data and requires agreement: exact for counts,
/// seconds and indices, 1e-9 relative for means and derived figures, sketch quantiles
/// within 1 % of the exact (numpy `method="lower"`) percentile. Python and its packages
/// are required: a missing one fails the test (`pip install -r scripts/requirements-test.txt`).
@Suite struct OracleTests {
    static let zones: [(tz: String, first: String, last: String)] = [
        ("Europe/Berlin", "2026-10-24", "2026-10-26"), ("Europe/Berlin", "2026-03-28", "2026-03-30"),
        ("Europe/Berlin", "2028-02-01", "2028-03-01"), ("America/New_York", "2026-03-07", "2026-03-09"),
        ("America/New_York", "2026-10-31", "2026-11-02"), ("Asia/Kolkata", "2026-10-01", "2026-10-03"),
        ("Asia/Kathmandu", "2026-12-30", "2027-01-01"), ("UTC", "2028-02-28", "2028-03-01"),
    ]
    static let quantiles = [0.5, 0.95, 0.99]

    func close(_ a: Double?, _ b: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return relativeError(a, b) <= tolerance
    }

    @Test("Analytics agrees with the independent Python oracle")
    func agreesWithOracle() throws {
        var gen = OracleData(seed: 0x5EED_2026)
        let scenarios = try gen.slaScenarios()
        let berlinDays = scenarios[0].period
        let metrics = gen.metricSeries(period: berlinDays.interval)
        let lttbInputs = gen.lttbInputs()
        let trends = gen.trendInputs()
        let alerts = gen.alertRecords(period: berlinDays.interval)
        let input = JSONOut.object([
            ("zones", .array(Self.zones.map { .object([("timezone", .string($0.tz)), ("first_day", .string($0.first)), ("last_day", .string($0.last))]) })),
            ("sla", .array(scenarios.map(\.json))),
            ("metrics", .object([
                ("timezone", .string("Europe/Berlin")), ("first_day", .string("2026-10-24")), ("last_day", .string("2026-10-26")),
                ("series", .array(metrics.map { .object([("id", .string($0.id)), ("t", .doubles($0.t)), ("v", .doubles($0.v))]) })),
            ])),
            ("lttb", .array(lttbInputs.map {
                .object([("x", .doubles($0.x)), ("y", .doubles($0.y)), ("n_out", .int(Int64($0.nOut))), ("max_gap", .optional($0.maxGap))])
            })),
            ("trends", .array(trends.map {
                .object([("t", .doubles($0.t)), ("v", .doubles($0.v)), ("as_of", .double($0.asOf)), ("last_value", .optional($0.last))])
            })),
            ("alerts", .object([
                ("start", .int(berlinDays.interval.start)), ("end", .int(berlinDays.interval.end)), ("limit", .int(10)),
                ("records", .array(alerts.map {
                    .array([.string($0.deviceID), .string($0.type), .string($0.severity), .int($0.triggeredAt),
                            .optional($0.resolvedAt), .bool($0.isResolved)])
                })),
            ])),
        ])
        let oracle: [String: Any]
        do {
            oracle = try runPythonOracle(script: "analytics_oracle.py", input: input)
        } catch {
            Issue.record("Python oracle unavailable: \(error)")
            return
        }
        try checkZones(J.arr(oracle["zones"]))
        try checkSLA(scenarios, J.arr(oracle["sla"]))
        try checkMetrics(metrics, berlinDays, J.arr(oracle["metrics"]))
        checkLTTB(lttbInputs, J.arr(oracle["lttb"]))
        checkTrends(trends, J.arr(oracle["trends"]))
        checkAlerts(alerts, berlinDays, J.obj(oracle["alerts"]))
    }

    func checkZones(_ answers: [Any]) throws {
        #expect(answers.count == Self.zones.count)
        for (z, answer) in zip(Self.zones, answers) {
            let a = J.obj(answer)
            let p = try ReportPeriod.parse("\(z.first)..\(z.last)", relativeTo: Date(), in: zone(z.tz))
            let days = J.arr(a["days"]).map { J.arr($0).compactMap(J.int) }
            #expect(p.dayBuckets.map { [$0.interval.start, $0.interval.end] } == days, "day buckets \(z)")
            #expect(p.hourBuckets.map(\.interval.start) == J.arr(a["hours"]).compactMap(J.int), "hour buckets \(z)")
        }
    }

    func checkSLA(_ scenarios: [SLAScenario], _ answers: [Any]) throws {
        #expect(answers.count == scenarios.count)
        for (n, (sc, answer)) in zip(scenarios, answers).enumerated() {
            let engine = try SLAEngine(period: sc.period.interval, now: sc.now.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                       policy: sc.policy, tenantMaintenance: MaintenanceSchedule(sc.tenantMaintenance),
                                       breakdown: sc.breakdown.map(\.interval))
            var results: [DeviceAvailability] = []
            let expected = J.arr(J.obj(answer)["devices"])
            #expect(expected.count == sc.devices.count)
            for (dev, exp) in zip(sc.devices, expected) {
                let e = J.obj(exp)
                let what = "scenario \(n) device \(dev.id)"
                let r = try engine.device(heartbeats: dev.heartbeats, createdAt: dev.createdAt, maintenance: MaintenanceSchedule(dev.maintenance))
                let viaGaps = try engine.device(gaps: HeartbeatGapSummary(heartbeats: dev.heartbeats, graceSeconds: sc.policy.graceSeconds),
                                                createdAt: dev.createdAt, maintenance: MaintenanceSchedule(dev.maintenance))
                #expect(r == viaGaps, "\(what): gap path differs from streaming")
                results.append(r)
                #expect(r.totals.monitoredSeconds == J.int(e["monitored"]), "\(what) monitored")
                #expect(r.totals.downSeconds == J.int(e["down"]), "\(what) down")
                #expect(r.totals.maintenanceSeconds == J.int(e["maintenance"]), "\(what) maintenance")
                let outages = J.arr(e["outages"]).map { o -> [String] in
                    J.arr(o).map { J.isNull($0) ? "nil" : (J.str($0) ?? String(J.int($0) ?? -1)) }
                }
                let mine = r.outages.map { o in
                    [String(o.interval.start), String(o.interval.end), o.cause.rawValue,
                     o.extentStart.map(String.init) ?? "nil", o.extentEnd.map(String.init) ?? "nil"]
                }
                #expect(mine == outages, "\(what) outages")
                let buckets = J.arr(e["buckets"]).map { J.arr($0).compactMap(J.int) }
                #expect(r.buckets.map { [$0.monitoredSeconds, $0.downSeconds, $0.maintenanceSeconds, Int64($0.outageCount), $0.longestOutageSeconds] } == buckets,
                        "\(what) buckets")
                #expect(close(r.totals.availability, J.dbl(e["availability"])), "\(what) availability")
                let budget = r.totals.errorBudget(targetPercent: sc.policy.targetPercent)
                #expect(close(budget?.allowedSeconds, J.dbl(e["budget_allowed"])), "\(what) budget")
                #expect(close(budget?.leftSeconds, J.dbl(e["budget_left"])), "\(what) budget left")
                #expect(close(r.totals.mttrSeconds, J.dbl(e["mttr"])) && close(r.totals.mtbfSeconds, J.dbl(e["mtbf"])), "\(what) MTTR/MTBF")
            }
            let tenant = TenantAvailability(devices: results)
            let t = J.obj(J.obj(answer)["tenant"])
            #expect(tenant.totals.monitoredSeconds == J.int(t["monitored"]) && tenant.totals.downSeconds == J.int(t["down"]))
            #expect(tenant.totals.maintenanceSeconds == J.int(t["maintenance"]))
            #expect(Int64(tenant.totals.outageCount) == J.int(t["outages"]) && tenant.totals.longestOutageSeconds == J.int(t["longest"]))
            #expect(close(tenant.totals.availability, J.dbl(t["availability"])), "scenario \(n) tenant availability")
            #expect(close(tenant.totals.errorBudget(targetPercent: sc.policy.targetPercent)?.leftSeconds, J.dbl(t["budget_left"])))
            #expect(close(tenant.totals.mttrSeconds, J.dbl(t["mttr"])) && close(tenant.totals.mtbfSeconds, J.dbl(t["mtbf"])))
            let daily = J.arr(J.obj(answer)["daily"]).map(J.arr)
            #expect(tenant.buckets.map(\.monitoredSeconds) == daily.compactMap { J.int($0[0]) }, "scenario \(n) daily monitored")
            #expect(tenant.buckets.map(\.downSeconds) == daily.compactMap { J.int($0[1]) }, "scenario \(n) daily down")
            for (b, d) in zip(tenant.buckets, daily) { #expect(close(b.availability, J.dbl(d[2]))) }
            #expect(results.contains { $0.totals.downSeconds > 0 } && results.contains { $0.outages.count > 1 }, "data exercises outages")
        }
    }

    func checkMetrics(_ series: [(id: String, t: [Double], v: [Double])], _ period: ReportPeriod, _ answers: [Any]) throws {
        #expect(answers.count == series.count)
        for (s, answer) in zip(series, answers) {
            let a = J.obj(answer)
            let rollup = try HourlyRollup(samples: zip(s.t, s.v).map { (timestamp: $0, value: $1) })
            let cells = rollup.cells
            #expect(cells.map(\.cell.droppedSamples).reduce(0, +) == J.int(a["dropped"]), "\(s.id) dropped")
            let hours = J.arr(a["hours"]).map { J.arr($0).compactMap(J.int) }
            #expect(cells.map { [$0.start, $0.cell.samples] } == hours, "\(s.id) hourly counts")
            // Through the storage format, as a report reads them back from ClickHouse.
            var stored = try HourlyRollup()
            for c in cells {
                stored.insert(try RollupCell(samples: c.cell.samples, sum: c.cell.sum, min: c.cell.min, max: c.cell.max,
                                             droppedSamples: c.cell.droppedSamples, sketch: try QuantileSketch(decoding: c.cell.sketch.encoded())),
                              at: c.start)
            }
            let days = stored.merged(into: period.dayBuckets)
            for (cell, exp) in zip(days + [stored.total], J.arr(a["days"]) + [a["total"] as Any]) {
                let e = J.obj(exp)
                #expect(cell.samples == J.int(e["count"]), "\(s.id) count")
                #expect(close(cell.mean, J.dbl(e["mean"])), "\(s.id) mean \(String(describing: cell.mean)) vs \(String(describing: J.dbl(e["mean"])))")
                #expect(cell.minimum == J.dbl(e["min"]) && cell.maximum == J.dbl(e["max"]), "\(s.id) min/max")
                for (q, exact) in zip(Self.quantiles, J.arr(e["q"])) {
                    guard let x = J.dbl(exact), let est = cell.quantile(q) else {
                        #expect(J.isNull(exact) && cell.samples == 0)
                        continue
                    }
                    #expect(abs(est - x) <= 0.01 * abs(x), "\(s.id) p\(q * 100): \(est) vs exact \(x)")
                    #expect(abs(est - x) <= QuantileSketch.relativeAccuracy * abs(x) * (1 + 1e-9), "\(s.id) p\(q * 100) within α")
                }
            }
        }
    }

    func checkLTTB(_ inputs: [(x: [Double], y: [Double], nOut: Int, maxGap: Double?)], _ answers: [Any]) {
        #expect(answers.count == inputs.count)
        for (i, (input, answer)) in zip(inputs, answers).enumerated() {
            let expected = J.arr(answer).map { J.arr($0).compactMap(J.int).map(Int.init) }
            let mine = ChartDownsampler.lttbIndices(x: input.x, y: input.y, maxPoints: input.nOut, maxGap: input.maxGap)
            #expect(mine == expected, "LTTB series \(i)")
            if input.maxGap == nil && input.y.allSatisfy(\.isFinite) {
                #expect([LTTB.indices(x: input.x, y: input.y, threshold: input.nOut)] == expected, "plain LTTB series \(i)")
            }
        }
    }

    func checkTrends(_ inputs: [(t: [Double], v: [Double], asOf: Double, last: Double?)], _ answers: [Any]) {
        for (i, (input, answer)) in zip(inputs, answers).enumerated() {
            let a = J.obj(answer)
            guard let trend = Trend.fit(Array(zip(input.t, input.v)).map { (t: $0.0, value: $0.1) }) else {
                Issue.record("trend \(i): no fit")
                continue
            }
            #expect(close(trend.slopePerDay, J.dbl(a["slope_per_day"])), "trend \(i) slope \(trend.slopePerDay)")
            let asOf = Date(timeIntervalSince1970: input.asOf)
            let forecast = DiskForecast(trend: trend, asOf: asOf, lastValue: input.last)
            for (crossing, key) in [(forecast.ninetyPercent, "t90"), (forecast.full, "t100")] {
                switch crossing {
                case .alreadyReached: #expect(J.str(a[key]) == "already", "trend \(i) \(key)")
                case .notRising: #expect(J.str(a[key]) == "not_rising", "trend \(i) \(key)")
                case .expected(let d):
                    let t0 = input.t.min() ?? 0
                    #expect(close(d.timeIntervalSince1970 - t0, J.dbl(a[key]).map { $0 - t0 }), "trend \(i) \(key)")
                }
            }
        }
    }

    func checkAlerts(_ alerts: [AlertRecord], _ period: ReportPeriod, _ answer: [String: Any]) {
        let stats = AlertStatistics(alerts: alerts, period: period.interval, noisiestLimit: 10)
        func same(_ g: AlertStatistics.Group, _ e: [String: Any], _ what: String) {
            #expect(Int64(g.count) == J.int(e["count"]) && Int64(g.openAtEnd) == J.int(e["open"]), "\(what) counts")
            #expect(Int64(g.resolvedCount) == J.int(e["resolved"]), "\(what) resolved")
            #expect(close(g.resolveP50Seconds, J.dbl(e["p50"])) && close(g.resolveP90Seconds, J.dbl(e["p90"])), "\(what) p50/p90")
            #expect(g.resolveMaxSeconds == J.int(e["max"]), "\(what) max")
        }
        same(stats.overall, J.obj(answer["overall"]), "overall")
        let sev = J.obj(answer["by_severity"])
        #expect(Set(stats.bySeverity.map(\.name)) == Set(sev.keys))
        for g in stats.bySeverity { same(g, J.obj(sev[g.name]), "severity \(g.name)") }
        let types = J.obj(answer["by_type"])
        #expect(Set(stats.byType.map(\.name)) == Set(types.keys))
        for g in stats.byType { same(g, J.obj(types[g.name]), "type \(g.name)") }
        let noisy = J.arr(answer["noisiest"]).map { J.arr($0) }
        #expect(stats.noisiestDevices.map(\.deviceID) == noisy.compactMap { J.str($0.first) })
        #expect(stats.noisiestDevices.map { Int64($0.count) } == noisy.compactMap { J.int($0.last) })
    }
}
