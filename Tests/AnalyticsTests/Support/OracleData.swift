import Foundation
@testable import Analytics

/// One SLA scenario of the oracle test: a period, the policy and the devices' streams.
struct SLAScenario {
    var period: ReportPeriod
    var now: Int64?
    var policy: SLAPolicy
    var breakdown: [TimeBucket]
    var tenantMaintenance: [EpochInterval]
    var devices: [SLADevice]

    var json: JSONOut {
        .object([
            ("start", .int(period.interval.start)), ("end", .int(period.interval.end)), ("now", .optional(now)),
            ("grace", .int(policy.graceSeconds)), ("outage_min", .int(policy.outageMinimumSeconds)),
            ("target_pct", .double(policy.targetPercent)),
            ("breakdown", .intervals(breakdown.map { ($0.interval.start, $0.interval.end) })),
            ("tenant_maintenance", .intervals(tenantMaintenance.map { ($0.start, $0.end) })),
            ("devices", .array(devices.map(\.json))),
        ])
    }
}

/// One device: creation time, own maintenance, heartbeat stream (last before .. first after).
struct SLADevice {
    var id: String
    var createdAt: Int64
    var maintenance: [EpochInterval]
    var heartbeats: [Heartbeat]

    var json: JSONOut {
        .object([
            ("id", .string(id)), ("created_at", .int(createdAt)),
            ("maintenance", .intervals(maintenance.map { ($0.start, $0.end) })),
            ("times", .ints(heartbeats.map(\.time))),
            ("online", .array(heartbeats.map { .bool($0.online) })),
        ])
    }
}

/// Deterministic generators for every oracle section.
struct OracleData {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// A heartbeat stream over `[from, to)`: 60 s check-ins with jitter, and per profile
    /// short/long gaps, offline runs, duplicate timestamps.
    mutating func stream(from: Int64, to: Int64, gaps: Int, offline: Int, duplicates: Bool) -> [Heartbeat] {
        var out: [Heartbeat] = []
        var t = from
        var offlineLeft = 0
        while t < to {
            out.append(Heartbeat(time: t, online: offlineLeft == 0))
            if duplicates && rng.int(0...150) == 0 { out.append(Heartbeat(time: t, online: rng.int(0...1) == 0)) }
            if offlineLeft > 0 { offlineLeft -= 1 } else if offline > 0 && rng.int(0...offline) == 0 { offlineLeft = rng.int(1...25) }
            var step = Int64(57 + rng.int(0...6))
            if gaps > 0 && rng.int(0...gaps) == 0 {
                step = rng.int(0...2) == 0 ? Int64(rng.int(150...420)) : Int64(rng.int(181...9000))
            }
            t += step
        }
        return out
    }

    mutating func slaDevices(count: Int, period: EpochInterval, until: Int64?) -> [SLADevice] {
        let S = period.start, E = period.end
        var devices: [SLADevice] = []
        for i in 0..<count {
            let id = "d" + String(i)
            var created = S - 86_400 * Int64(rng.int(1...400))
            var maintenance: [EpochInterval] = []
            var from = S - Int64(rng.int(30...7200))
            var to = E + Int64(rng.int(0...7200))
            var hbs: [Heartbeat]
            switch i % 8 {
            case 0:
                hbs = stream(from: from, to: to, gaps: 0, offline: 0, duplicates: false)
            case 1:
                hbs = stream(from: from, to: to, gaps: 60, offline: 0, duplicates: false)
            case 2:
                hbs = stream(from: from, to: to, gaps: 200, offline: 150, duplicates: false)
            case 3:
                created = S + Int64(rng.int(0...Int(E - S)))
                from = created + Int64(rng.int(0...900))
                hbs = stream(from: from, to: to, gaps: 120, offline: 400, duplicates: false)
            case 4:
                from = S - Int64(rng.int(200...4000))
                to = E - Int64(rng.int(0...4000))
                hbs = [Heartbeat(time: from)] + stream(from: S + Int64(rng.int(0...3000)), to: to, gaps: 90, offline: 0, duplicates: false)
            case 5:
                hbs = []
                if i % 16 == 13 { created = S + Int64(rng.int(0...200_000)) }
                if i % 24 == 21 { created = E + 100 }
            case 6:
                hbs = stream(from: from, to: to, gaps: 80, offline: 60, duplicates: true)
                if !hbs.isEmpty { hbs[0].online = false }
            default:
                hbs = stream(from: from, to: to, gaps: 40, offline: 300, duplicates: false)
                for _ in 0..<rng.int(1...4) {
                    let s = S + Int64(rng.int(-3600...Int(E - S)))
                    maintenance.append(EpochInterval(start: s, end: s + Int64(rng.int(600...30_000))))
                }
            }
            if let until { hbs = hbs.filter { $0.time <= until } }
            devices.append(SLADevice(id: id, createdAt: created, maintenance: maintenance, heartbeats: hbs))
        }
        return devices
    }

    mutating func slaScenarios() throws -> [SLAScenario] {
        let berlin = zone("Europe/Berlin")
        let p1 = try ReportPeriod.parse("2026-10-24..2026-10-26", relativeTo: Date(), in: berlin)
        let S = p1.interval.start
        let maint1 = [EpochInterval(start: S + 86_400 + 3600, end: S + 86_400 + 4 * 3600),  // the 25-hour night
                      EpochInterval(start: S + 86_400 + 2 * 3600, end: S + 86_400 + 6 * 3600),
                      EpochInterval(start: S + 50_000, end: S + 50_600)]
        let closed = SLAScenario(period: p1, now: nil, policy: SLAPolicy(graceSeconds: 180, outageMinimumSeconds: 300, targetPercent: 99.9),
                                 breakdown: p1.dayBuckets, tenantMaintenance: maint1,
                                 devices: slaDevices(count: 48, period: p1.interval, until: nil))
        let now = S + 86_400 + 40_000
        let running = SLAScenario(period: p1, now: now, policy: SLAPolicy(graceSeconds: 180, outageMinimumSeconds: 0, targetPercent: 99.5),
                                  breakdown: p1.dayBuckets, tenantMaintenance: [maint1[0]],
                                  devices: slaDevices(count: 16, period: p1.interval, until: now))
        let ny = zone("America/New_York")
        let p3 = try ReportPeriod.parse("2026-03-08", relativeTo: Date(), in: ny)
        let hourly = SLAScenario(period: p3, now: nil, policy: SLAPolicy(graceSeconds: 90, outageMinimumSeconds: 600, targetPercent: 99),
                                 breakdown: p3.hourBuckets, tenantMaintenance: [],
                                 devices: slaDevices(count: 16, period: p3.interval, until: nil))
        return [closed, running, hourly]
    }

    /// Raw metric series around a period: fractional timestamps, NaN and ±∞ sprinkled in.
    mutating func metricSeries(period: EpochInterval) -> [(id: String, t: [Double], v: [Double])] {
        (0..<6).map { k in
            var t: [Double] = []
            var v: [Double] = []
            var x = Double(period.start - 7200) + rng.unit()
            while x < Double(period.end + 7200) {
                t.append(x)
                let r = rng.int(0...400)
                let base: Double
                switch k % 3 {
                case 0: base = min(100, max(0, 30 + 20 * sin(x / 9000) + rng.normal() * 8))
                case 1: base = rng.int(0...5) == 0 ? 0 : rng.unit() * rng.unit() * 100
                default: base = 60 + Double(k) + rng.normal() * 0.2
                }
                v.append(r == 0 ? .nan : r == 1 ? .infinity : r == 2 ? -.infinity : base)
                x += 7 + rng.unit() * 6
            }
            return ("m\(k)", t, v)
        }
    }

    mutating func lttbInputs() -> [(x: [Double], y: [Double], nOut: Int, maxGap: Double?)] {
        var out: [(x: [Double], y: [Double], nOut: Int, maxGap: Double?)] = []
        let t0 = 1_792_800_000.0
        var walk = 50.0
        out.append(((0..<5000).map { t0 + 60 * Double($0) }, (0..<5000).map { _ in walk += rng.normal(); return walk }, 500, nil))
        var x = t0
        let xs = (0..<10_007).map { _ -> Double in x += 1 + rng.unit() * 30; return x }
        out.append((xs, xs.map { sin($0 / 5000) * 40 + rng.normal() * 5 }, 1000, nil))
        out.append(((0..<1000).map(Double.init), (0..<1000).map { _ in rng.unit() }, 3, nil))
        var gx: [Double] = []
        var gy: [Double] = []
        for h in 0..<3000 where !(500..<540).contains(h) && !(2000..<2300).contains(h) {
            gx.append(t0 + 3600 * Double(h))
            gy.append(h % 97 == 0 ? .nan : 40 + 10 * sin(Double(h) / 50) + rng.normal())
        }
        out.append((gx, gy, 200, 5400))
        var sx: [Double] = []
        var sy: [Double] = []
        var pos = 0.0
        for seg in 0..<9 {
            for _ in 0..<(1 + seg % 5) { sx.append(pos); sy.append(rng.unit()); pos += 1 }
            pos += 10
        }
        out.append((sx, sy, 12, 5))
        out.append(((0..<40).map(Double.init), (0..<40).map { _ in rng.unit() }, 40, nil))
        return out
    }

    mutating func trendInputs() -> [(t: [Double], v: [Double], asOf: Double, last: Double?)] {
        let t0 = 1_792_800_000.0
        var out: [(t: [Double], v: [Double], asOf: Double, last: Double?)] = []
        for (start, slope) in [(40.0, 0.7), (70.0, -0.2), (88.0, 0.3), (95.0, 0.1), (20.0, 0.05)] {
            let t = (0..<30).map { t0 + 86_400 * Double($0) + rng.unit() * 3600 }
            let v = t.map { start + slope * ($0 - t0) / 86_400 + rng.normal() * 0.5 }
            out.append((t, v, t0 + 30 * 86_400, v.last))
        }
        let th = (0..<(24 * 14)).map { t0 + 3600 * Double($0) }
        out.append((th, th.map { 10 + 0.000002 * ($0 - t0) + rng.normal() }, t0 + 14 * 86_400, nil))
        return out
    }

    mutating func alertRecords(period: EpochInterval) -> [AlertRecord] {
        let severities = ["critical", "warning", "info", "high"]
        let types = ["cpu_high", "disk_full", "offline", "memory_high", "service_down"]
        return (0..<320).map { _ in
            let trig = period.start + Int64(rng.int(-40_000...Int(period.seconds) + 20_000))
            let resolved: Int64? = rng.int(0...4) == 0 ? nil : trig + Int64(rng.int(30...30_000))
            let flag = resolved == nil && rng.int(0...5) == 0
            return AlertRecord(deviceID: "dev-\(rng.int(0...29))", type: types[rng.int(0...4)], severity: severities[rng.int(0...3)],
                               triggeredAt: trig, resolvedAt: resolved, isResolved: resolved != nil || flag)
        }
    }
}
