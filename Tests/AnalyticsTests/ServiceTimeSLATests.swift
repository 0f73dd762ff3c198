import Foundation
import Testing
@testable import Analytics

/// Hand-worked SLAs inside service time, the outage-count objective, and the properties the
/// engine keeps with a calendar (both paths agree; a calendar covering everything is 24x7).
/// Period: Monday 2026-10-05 and Tuesday 2026-10-06 in UTC, service Mon-Tue 08:00-18:00.
@Suite struct ServiceTimeSLATests {
    let S = utc("2026-10-05T00:00:00Z")
    let h: Int64 = 3600
    var period: EpochInterval { EpochInterval(start: S, end: S + 2 * 86_400) }
    var halves: [EpochInterval] {
        (0..<4).map { EpochInterval(start: S + Int64($0) * 12 * h, end: S + Int64($0 + 1) * 12 * h) }
    }

    func business() throws -> ServiceCalendar {
        try ServiceCalendar.parse(name: "business-hours", weekly: ["mon": [["08:00", "18:00"]], "tue": [["08:00", "18:00"]]])
    }

    func engine(_ calendar: ServiceCalendar, policy: SLAPolicy = SLAPolicy(outageMinimumSeconds: 300), now: Int64? = nil,
                maintenance: [EpochInterval] = [], breakdown: [EpochInterval]? = nil) throws -> SLAEngine {
        try SLAEngine(period: period, now: now.map { Date(timeIntervalSince1970: TimeInterval($0)) }, policy: policy,
                      tenantMaintenance: MaintenanceSchedule(maintenance), breakdown: breakdown ?? halves,
                      serviceTime: ServiceTime(calendar: calendar, clock: LocalClock(zone("UTC")), over: period))
    }

    /// Heartbeats every minute over the period (plus an hour either side) except inside `silences`
    /// (the last heartbeat at a silence's start, the next at its end).
    func beats(silent silences: [(Int64, Int64)]) -> [Heartbeat] {
        var times = Set(stride(from: S - h, to: period.end + h, by: 60).filter { t in !silences.contains { t > $0.0 && t < $0.1 } })
        for s in silences { times.insert(s.0); times.insert(s.1) }
        return times.sorted().map { Heartbeat(time: $0) }
    }

    /// Both paths, required equal.
    func run(_ e: SLAEngine, _ hbs: [Heartbeat], createdAt: Int64? = nil, maintenance: [EpochInterval] = [],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> DeviceAvailability {
        let c = createdAt ?? (S - 86_400 * 30)
        let streamed = try e.device(heartbeats: hbs, createdAt: c, maintenance: MaintenanceSchedule(maintenance))
        let pushed = try e.device(gaps: HeartbeatGapSummary(heartbeats: hbs, graceSeconds: e.policy.graceSeconds), createdAt: c,
                                  maintenance: MaintenanceSchedule(maintenance))
        #expect(streamed == pushed, "streaming and gap paths differ", sourceLocation: sourceLocation)
        return streamed
    }

    @Test func outagesAreFoundOnTheFullTimelineThenClippedToServiceTime() throws {
        // Monday: silent 07:00-09:00 (crosses the 08:00 edge), 10:00-10:04 (a blip: 60 s down < outage_min),
        // 11:30-13:30 around maintenance 12:00-13:00, and 19:00-20:00 (wholly outside service time).
        let silences = [(S + 7 * h, S + 9 * h), (S + 10 * h, S + 10 * h + 240), (S + 11 * h + 1800, S + 13 * h + 1800), (S + 19 * h, S + 20 * h)]
        let maint = [EpochInterval(start: S + 12 * h, end: S + 13 * h)]
        let r = try run(try engine(try business(), maintenance: maint), beats(silent: silences))
        let t = r.totals
        #expect(t.monitoredSeconds == 20 * h - h)  // two 10-hour days minus the hour of maintenance
        #expect(t.maintenanceSeconds == h)
        // In S: 08:00-09:00, 11:33-12:00 and 13:00-13:30.
        #expect(t.downSeconds == h + 1620 + 1800 && t.unplannedDownSeconds == t.downSeconds)
        #expect(t.outageCount == 3 && t.longestOutageSeconds == h)
        // Outside S: 07:03-08:00 and 19:03-20:00 (each 57 min).
        #expect(t.outsideServiceDownSeconds == 2 * 3420)
        // Down inside maintenance, in S: 12:00-13:00.
        #expect(t.plannedDownSeconds == h)
        #expect(r.outages.map(\.interval) == [EpochInterval(start: S + 7 * h + 180, end: S + 9 * h),
                                              EpochInterval(start: S + 11 * h + 1980, end: S + 12 * h),
                                              EpochInterval(start: S + 13 * h, end: S + 13 * h + 1800),
                                              EpochInterval(start: S + 19 * h + 180, end: S + 20 * h)])
        #expect(r.outages.map(\.inServiceSeconds) == [h, 1620, 1800, 0])
        #expect(r.outages.map(\.touchesServiceTime) == [true, true, true, false])
        #expect(r.outages.map(\.outsideServiceSeconds) == [3420, 0, 0, 3420])
        #expect(t.availability == Double(19 * h - 7020) / Double(19 * h))
        #expect(t.mttrSeconds == 7020.0 / 3 && t.mtbfSeconds == Double(19 * h - 7020) / 3)
        let budget = try #require(t.errorBudget(targetPercent: 99))
        #expect(abs(budget.allowedSeconds - 684) < 1e-9 && budget.usedSeconds == 7020)
        // Buckets: Monday 00-12, Monday 12-24, Tuesday 00-12, Tuesday 12-24.
        #expect(r.buckets.map(\.monitoredSeconds) == [4 * h, 5 * h, 4 * h, 6 * h])
        #expect(r.buckets.map(\.maintenanceSeconds) == [0, h, 0, 0])
        #expect(r.buckets.map(\.downSeconds) == [h + 1620, 1800, 0, 0])
        #expect(r.buckets.map(\.outageCount) == [2, 1, 0, 0])
        #expect(r.buckets.map(\.longestOutageSeconds) == [h, 1800, 0, 0])
        #expect(r.buckets.map(\.outsideServiceDownSeconds) == [3420, 3420, 0, 0])
        #expect(r.buckets.map(\.plannedDownSeconds) == [0, h, 0, 0])
        // The same stream around the clock: every outage counts in full and nothing is outside.
        let plain = try run(try engine(.always, maintenance: maint), beats(silent: silences))
        #expect(plain.totals.monitoredSeconds == 47 * h && plain.totals.downSeconds == 7020 + 1620 + 1800 + 3420)
        #expect(plain.totals.outageCount == 4 && plain.totals.outsideServiceDownSeconds == 0 && plain.totals.plannedDownSeconds == h)
    }

    @Test func anOutageAcrossSeveralWindowsCountsOnce() throws {
        // Silent from Monday 17:00 to Tuesday 09:00: 17:03-18:00 and 08:00-09:00 in S.
        let r = try run(try engine(try business()), beats(silent: [(S + 17 * h, S + 33 * h)]))
        #expect(r.totals.outageCount == 1 && r.totals.downSeconds == 3420 + h && r.totals.longestOutageSeconds == 3420 + h)
        #expect(r.totals.outsideServiceDownSeconds == 14 * h)
        #expect(r.buckets.map(\.outageCount) == [0, 1, 1, 0])
        #expect(r.buckets.map(\.downSeconds) == [0, 3420, h, 0])
        // outage_min is judged on the full length (15 h 57 min), not on the in-S part.
        let strict = try run(try engine(try business(), policy: SLAPolicy(outageMinimumSeconds: 15 * h)), beats(silent: [(S + 17 * h, S + 33 * h)]))
        #expect(strict.totals.outageCount == 1)
        // A 3-minute outage crossing the 18:00 edge (17:59-18:02) is under outage_min on its whole
        // length and dropped, in and outside service time alike.
        let blip = try run(try engine(try business()), beats(silent: [(S + 17 * h + 56 * 60, S + 18 * h + 120)]))
        #expect(blip.outages.isEmpty && blip.totals.outsideServiceDownSeconds == 0)
    }

    @Test func noServiceTimeMeansNoFigures() throws {
        // A Sunday-only calendar over Monday-Tuesday: nothing monitored, availability and objective undefined.
        let sunday = try ServiceCalendar.parse(name: "sundays", weekly: ["sun": [["08:00", "18:00"]]])
        let r = try run(try engine(sunday), beats(silent: [(S + 10 * h, S + 11 * h)]))
        #expect(r.totals.monitoredSeconds == 0 && r.totals.availability == nil && r.totals.outageCount == 0)
        #expect(r.outages.count == 1 && r.outages[0].touchesServiceTime == false && r.totals.outsideServiceDownSeconds == h - 180)
        let objective = try OutageCountObjective(maxOutages: 0)
        #expect(objective.isMet(by: r) == nil && objective.isMet(byEvery: [r]) == nil)
    }

    @Test func runningPeriodAndNewDevice() throws {
        // Now = Monday 12:00; the device was created at 09:00 and first reported at 09:10.
        let created = S + 9 * h
        let hbs = beats(silent: []).filter { $0.time >= created + 600 && $0.time <= S + 12 * h }
        let r = try run(try engine(try business(), now: S + 12 * h), hbs, createdAt: created)
        #expect(r.window == EpochInterval(start: created, end: S + 12 * h))
        #expect(r.totals.monitoredSeconds == 3 * h)
        #expect(r.outages.map(\.interval) == [EpochInterval(start: created + 180, end: created + 600)])
        #expect(r.totals.downSeconds == 420)
    }

    @Test func outageCountObjective() throws {
        let e = try engine(try business())
        let none = try run(e, beats(silent: []))
        let two = try run(e, beats(silent: [(S + 9 * h, S + 10 * h), (S + 33 * h, S + 34 * h)]))
        let three = try run(e, beats(silent: [(S + 9 * h, S + 10 * h), (S + 11 * h, S + 12 * h), (S + 19 * h, S + 20 * h), (S + 33 * h, S + 34 * h)]))
        #expect(two.totals.outageCount == 2 && three.totals.outageCount == 3)  // the 19:00 one is outside S
        let atMostTwo = try OutageCountObjective(maxOutages: 2)
        #expect(atMostTwo.isMet(by: none) == true && atMostTwo.isMet(by: two) == true && atMostTwo.isMet(by: three) == false)
        #expect(atMostTwo.isMet(byEvery: [none, two]) == true)
        #expect(atMostTwo.isMet(byEvery: [none, two, three]) == false)
        #expect(atMostTwo.isMet(byEvery: []) == nil)
        #expect(try OutageCountObjective(maxOutages: 3).isMet(byEvery: [three]) == true)
        #expect(try OutageCountObjective(maxOutages: 0).isMet(by: none.totals) == true)
        #expect(throws: AnalyticsError.self) { try OutageCountObjective(maxOutages: -1) }
        // Undefined objective: no status.
        let undefined: OutageCountObjective? = nil
        #expect(undefined?.isMet(by: two) == nil)
    }

    @Test func aReportPeriodEngineReadsTheCalendarInItsZone() throws {
        let p = try ReportPeriod.parse("2026-10-25", relativeTo: Date(), in: zone("Europe/Berlin"))
        let c = try ServiceCalendar.parse(name: "night", weekly: ["sun": [["01:00", "05:00"]]])
        let e = try SLAEngine(period: p, calendar: c)
        #expect(e.serviceTime.intervals(in: p.interval) == [EpochInterval(start: utc("2026-10-24T23:00:00Z"), end: utc("2026-10-25T04:00:00Z"))])
        #expect(e.breakdown == p.dayBuckets.map(\.interval))
        let r = try e.device(heartbeats: stride(from: p.interval.start - 60, to: p.interval.end + 60, by: 60).map { Heartbeat(time: $0) }, createdAt: 0)
        #expect(r.totals.monitoredSeconds == 5 * h && r.totals.availability == 1)
        #expect(try SLAEngine(period: p).serviceTime.isAlways)
        // Service time given beyond the period is clipped to it.
        let wide = try SLAEngine(period: period, serviceTime: ServiceTime([EpochInterval(start: S - h, end: S + h)]))
        #expect(wide.serviceTime.intervals(in: EpochInterval(start: S - 86_400, end: S + 86_400)) == [EpochInterval(start: S, end: S + h)])
    }

    /// Random streams: with a calendar both paths agree and the figures add up; with a calendar
    /// that covers every instant the result equals 24x7 exactly.
    @Test(arguments: ["UTC", "Europe/Berlin"])
    func propertiesOnRandomStreams(tz: String) throws {
        let p = try ReportPeriod.parse(tz == "UTC" ? "2026-10-05..2026-10-06" : "2026-10-24..2026-10-26", relativeTo: Date(), in: zone(tz))
        let P = p.interval
        let business = try ServiceCalendar.parse(name: "b", weekly: ["mon": [["08:00", "18:00"]], "sat": [["22:00", "06:00"]],
                                                                    "sun": [["01:00", "05:00"], ["12:00", "12:30"]], "tue": [["00:00", "09:00"]]],
                                                 holidays: ["2026-10-26"])
        let whole = try ServiceCalendar.parse(name: "all", weekly: Dictionary(uniqueKeysWithValues: ServiceCalendar.Weekday.allCases.map {
            ($0.key, [["00:00", "12:00"], ["12:00", "00:00"]])
        }))
        var rng = SplitMix64(seed: 0xCA1E_2026)
        for round in 0..<150 {
            let policy = SLAPolicy(graceSeconds: Int64(rng.int(0...3)) * 90, outageMinimumSeconds: Int64(rng.int(0...4)) * 120)
            let now: Date? = rng.int(0...4) == 0 ? Date(timeIntervalSince1970: TimeInterval(P.start + Int64(rng.int(-3600...Int(P.seconds))))) : nil
            let maint = MaintenanceSchedule((0..<rng.int(0...3)).map { _ -> EpochInterval in
                let s = P.start + Int64(rng.int(-7200...Int(P.seconds)))
                return EpochInterval(start: s, end: s + Int64(rng.int(0...20_000)))
            })
            let hours = p.hourBuckets.map(\.interval)
            func make(_ c: ServiceCalendar) throws -> SLAEngine {
                try SLAEngine(period: P, now: now, policy: policy, tenantMaintenance: maint, breakdown: hours,
                              serviceTime: ServiceTime(calendar: c, clock: p.clock, over: P))
            }
            let withCalendar = try make(business), covering = try make(whole), always = try make(.always)
            var hbs: [Heartbeat] = []
            var t = P.start - Int64(rng.int(0...4000))
            let end = P.end + Int64(rng.int(-4000...4000))
            var online = rng.int(0...5) > 0
            while t < end {
                hbs.append(Heartbeat(time: t, online: online))
                if rng.int(0...30) == 0 { online.toggle() }
                t += rng.int(0...40) == 0 ? Int64(rng.int(181...20_000)) : Int64(rng.int(0...10) == 0 ? 0 : rng.int(30...200))
            }
            if rng.int(0...9) == 0 { hbs = [] }
            // No heartbeat comes from after `now`.
            if let now { hbs = hbs.filter { $0.time <= Int64(epochSecondsOf: now) } }
            let created = rng.int(0...3) == 0 ? P.start + Int64(rng.int(-600...Int(P.seconds))) : P.start - 86_400
            let own = rng.int(0...2) == 0 ? [EpochInterval(start: P.start + 40_000, end: P.start + 50_000)] : []
            let r = try runBoth(withCalendar, hbs, createdAt: created, maintenance: own)
            let t0 = r.totals
            let what = "\(tz) round \(round)"
            #expect(t0.downSeconds <= t0.monitoredSeconds, "\(what)")
            #expect(r.outages.map(\.inServiceSeconds).reduce(0, +) == t0.downSeconds, "\(what)")
            #expect(r.outages.map(\.outsideServiceSeconds).reduce(0, +) == t0.outsideServiceDownSeconds, "\(what)")
            #expect(r.outages.filter(\.touchesServiceTime).count == t0.outageCount, "\(what)")
            #expect(t0.plannedDownSeconds <= t0.maintenanceSeconds, "\(what)")
            for f in [\AvailabilityTotals.monitoredSeconds, \.downSeconds, \.maintenanceSeconds, \.plannedDownSeconds, \.outsideServiceDownSeconds] {
                #expect(r.buckets.map { $0[keyPath: f] }.reduce(0, +) == t0[keyPath: f], "\(what) buckets add up")
            }
            let plain = try runBoth(always, hbs, createdAt: created, maintenance: own)
            #expect(try runBoth(covering, hbs, createdAt: created, maintenance: own) == plain, "\(what): a covering calendar is 24x7")
            // Outages are found on the full timeline: the same ones as 24x7, only counted differently.
            #expect(r.outages.map(\.interval) == plain.outages.map(\.interval), "\(what)")
            #expect(t0.downSeconds + t0.outsideServiceDownSeconds == plain.totals.downSeconds, "\(what)")
            #expect(t0.monitoredSeconds + t0.maintenanceSeconds <= plain.totals.monitoredSeconds + plain.totals.maintenanceSeconds)
        }
    }

    func runBoth(_ e: SLAEngine, _ hbs: [Heartbeat], createdAt: Int64, maintenance: [EpochInterval]) throws -> DeviceAvailability {
        let a = try e.device(heartbeats: hbs, createdAt: createdAt, maintenance: MaintenanceSchedule(maintenance))
        let b = try e.device(gaps: HeartbeatGapSummary(heartbeats: hbs, graceSeconds: e.policy.graceSeconds), createdAt: createdAt,
                             maintenance: MaintenanceSchedule(maintenance))
        #expect(a == b, "streaming and gap paths differ")
        return a
    }
}
