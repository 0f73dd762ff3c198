import Analytics
import Foundation
import Reporting

/// Generates one device's raw points (heartbeats and system metrics) as line protocol, in batches.
struct DevicePoints {
    let plan: FleetPlan
    let device: FleetPlan.Device
    /// Lines per InfluxDB write request.
    static let batchLines = 10_000

    /// Points before `rollupBefore` go to `rollup` (the in-process rollup of old days) instead of line protocol.
    func generate(into buffer: inout LineProtocolBuffer, rollupBefore: Int = .min, rollup: inout HourSummaryBuilder,
                  flush: (inout LineProtocolBuffer) throws -> Void) throws {
        var rng = SplitMix64(seed: plan.seed, stream: UInt64(5_000_000 + device.index))
        let tenant = plan.tenants[device.tenant]
        let prefixes = DevicePointPrefixes(deviceID: device.id, organizationID: tenant.id)
        let (heartbeat, metrics, online, offline) = (prefixes.heartbeat, prefixes.metrics, prefixes.online, prefixes.offline)
        let (cpu, disk, memory) = (prefixes.cpu, prefixes.disk, prefixes.memory)
        var t = plan.slot(atOrAfter: max(device.createdAt, plan.start), device)
        var outage = 0
        let stop = min(plan.end, device.silentFrom ?? plan.end)
        while t < stop {
            while outage < device.outages.count && device.outages[outage].end <= t { outage += 1 }
            var state: FleetPlan.Outage.Cause? = nil
            if outage < device.outages.count, device.outages[outage].start <= t { state = device.outages[outage].cause }
            if state != .gap && t < rollupBefore {
                let localHour = Double((t + device.utcOffset) % 86_400) / 3600
                let daily = sin((localHour - 8) / 24 * 2 * .pi)
                let days = Double(t - plan.start) / 86_400
                try rollup.addHeartbeat(time: Int64(t), online: state != .offline)
                // Same draws in the same order as the raw path below: the fleet is the same whatever --raw-days says.
                let c = clamp(device.cpuBase + device.cpuAmplitude * daily + rng.gaussian() * 4)
                let m = clamp(device.memoryBase + 4 * daily + rng.gaussian() * 1.5)
                let d = clamp(device.diskStart + device.diskPerDay * days + rng.gaussian() * 0.05)
                rollup.addSample(time: Int64(t), metric: 0, value: rounded(c))
                rollup.addSample(time: Int64(t), metric: 1, value: rounded(m))
                rollup.addSample(time: Int64(t), metric: 2, value: rounded(d))
            } else if state != .gap {
                buffer.append(heartbeat)
                buffer.append(state == .offline ? offline : online)
                buffer.append(integer: t)
                buffer.endLine()
                let localHour = Double((t + device.utcOffset) % 86_400) / 3600
                let daily = sin((localHour - 8) / 24 * 2 * .pi)
                let days = Double(t - plan.start) / 86_400
                let c = clamp(device.cpuBase + device.cpuAmplitude * daily + rng.gaussian() * 4)
                let m = clamp(device.memoryBase + 4 * daily + rng.gaussian() * 1.5)
                let d = clamp(device.diskStart + device.diskPerDay * days + rng.gaussian() * 0.05)
                buffer.append(metrics)
                buffer.append(cpu)
                buffer.append(twoDecimals: c)
                buffer.append(disk)
                buffer.append(twoDecimals: d)
                buffer.append(memory)
                buffer.append(twoDecimals: m)
                buffer.append([32])
                buffer.append(integer: t)
                buffer.endLine()
                if buffer.lines >= DevicePoints.batchLines {
                    try flush(&buffer)
                    buffer.reset()
                }
            }
            t += plan.interval
        }
        if buffer.lines > 0 {
            try flush(&buffer)
            buffer.reset()
        }
    }

    private func clamp(_ v: Double) -> Double { min(100, max(0, v)) }

    /// The value InfluxDB would store for a two-decimal line-protocol field.
    private func rounded(_ v: Double) -> Double { Double(Int((v * 100).rounded())) / 100 }
}
