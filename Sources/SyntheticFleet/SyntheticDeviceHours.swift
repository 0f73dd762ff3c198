import Analytics
import Foundation
import Reporting

/// Builds one device's `DeviceHour`s straight from a `FleetPlan`, without generating raw points.
///
/// Heartbeats follow the plan exactly (60 s check-ins at the device's phase, the planned
/// outages: a `gap` drops check-ins, `offline` sends `online=false`; nothing before
/// `createdAt` or from `silentFrom`), so the SLA figures are those the raw path would give.
/// An hour without an outage is summarised in closed form (first and last check-in, count,
/// no gaps); an hour an outage touches is folded check-in by check-in by `HourSummaryBuilder`.
/// Metric cells are cheap stand-ins for 60 samples: six distinct two-decimal values around the
/// device's daily curve with counts 1:2:3:3:2:1, added to the sketch with `add(_:count:)`.
struct SyntheticDeviceHours {
    let plan: FleetPlan
    let device: FleetPlan.Device
    let grid: HourGrid
    /// First instant with heartbeats, and the instant they stop.
    private let active: (from: Int, to: Int)

    /// Spread of the six values in standard deviations, and their weights (sum 12).
    static let offsets: [Double] = [-1.6, -0.9, -0.3, 0.3, 0.9, 1.6]
    static let weights: [Int] = [1, 2, 3, 3, 2, 1]

    init(plan: FleetPlan, device: FleetPlan.Device, grid: HourGrid) {
        self.plan = plan
        self.device = device
        self.grid = grid
        active = (max(device.createdAt, plan.start), min(plan.end, device.silentFrom ?? plan.end))
    }

    /// The device-hour starting at `hour` (a start on `grid`), or nil when the device sent nothing in it.
    func hour(_ hour: Int64) throws -> DeviceHour? {
        let from = max(Int(hour), active.from), to = min(Int(hour) + 3600, active.to)
        guard from < to else { return nil }
        let first = plan.slot(atOrAfter: from, device)
        guard first < to else { return nil }
        let last = first + (to - 1 - first) / plan.interval * plan.interval
        var h: DeviceHour
        if device.outages.contains(where: { $0.start <= last && $0.end > first }) {
            guard let folded = try fold(hour: hour, first: first, last: last) else { return nil }
            h = folded
        } else {
            h = DeviceHour(hour: hour)
            h.heartbeats = (last - first) / plan.interval + 1
            h.summary = HeartbeatGapSummary(first: Heartbeat(time: Int64(first), online: true),
                                            last: Heartbeat(time: Int64(last), online: true), gaps: [], transitions: [])
        }
        // Metrics are sampled with every check-in, offline ones included (as the raw seeder does).
        var rng = SplitMix64(seed: plan.seed, stream: UInt64(truncatingIfNeeded: 3_000_000_000 + device.index) &* 1_000_003 &+ UInt64(truncatingIfNeeded: hour))
        let centers = SyntheticDeviceHours.centers(device, time: Int(hour) + 1800, plan: plan, rng: &rng)
        for m in 0..<3 {
            h.metrics[m] = try SyntheticDeviceHours.cell(center: centers[m], sd: SyntheticDeviceHours.spread[m], samples: h.heartbeats)
        }
        return h
    }

    /// Standard deviation of the per-sample noise of CPU, memory and disk (as the raw seeder draws it).
    static let spread: [Double] = [4, 1.5, 0.05]

    /// The device's expected CPU, memory and disk at `time`, with a little per-hour noise.
    static func centers(_ device: FleetPlan.Device, time t: Int, plan: FleetPlan, rng: inout SplitMix64) -> [Double] {
        let localHour = Double(((t + device.utcOffset) % 86_400 + 86_400) % 86_400) / 3600
        let daily = sin((localHour - 8) / 24 * 2 * .pi)
        let days = Double(t - plan.start) / 86_400
        return [device.cpuBase + device.cpuAmplitude * daily + rng.gaussian() * 2,
                device.memoryBase + 4 * daily + rng.gaussian() * 0.5,
                device.diskStart + device.diskPerDay * days]
    }

    /// A cell of `samples` values: six distinct two-decimal values around `center`, weighted 1:2:3:3:2:1.
    static func cell(center: Double, sd: Double, samples n: Int) throws -> RollupCell {
        guard n > 0 else { return RollupCell() }
        var counts = weights.map { n * $0 / 12 }
        var rest = n - counts.reduce(0, +)
        var i = 2
        while rest > 0 {  // the remainder goes to the middle values
            counts[i] += 1
            rest -= 1
            i = i == 2 ? 3 : 2
        }
        var sketch = QuantileSketch()
        var sum = 0.0, low = Double.infinity, high = -Double.infinity
        for (k, count) in counts.enumerated() where count > 0 {
            let v = (min(100, max(0, center + offsets[k] * sd)) * 100).rounded() / 100
            sketch.add(v, count: UInt64(count))
            sum += v * Double(count)
            low = min(low, v)
            high = max(high, v)
        }
        return try RollupCell(samples: Int64(n), sum: sum, min: low, max: high, sketch: sketch)
    }

    /// Folds the check-ins of an hour an outage touches, one by one (the downtime rule: a gap over grace, or an offline check-in, is down).
    private func fold(hour: Int64, first: Int, last: Int) throws -> DeviceHour? {
        var builder = HourSummaryBuilder(grid: grid)
        var t = first
        var outage = 0
        while t <= last {
            while outage < device.outages.count && device.outages[outage].end <= t { outage += 1 }
            var state: FleetPlan.Outage.Cause? = nil
            if outage < device.outages.count, device.outages[outage].start <= t { state = device.outages[outage].cause }
            if state != .gap { try builder.addHeartbeat(time: Int64(t), online: state != .offline) }
            t += plan.interval
        }
        return builder.hours[hour]
    }
}
