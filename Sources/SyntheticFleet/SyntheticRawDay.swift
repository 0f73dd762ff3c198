import Analytics
import Foundation
import Reporting

/// One device's raw points of a time range (heartbeat + system_metrics every check-in) as line
/// protocol, for the raw InfluxDB tier of a synthetic fleet.
///
/// Unlike `DevicePoints` it starts at `from` instead of generating (and discarding) every
/// point since the plan's start, so one raw day costs one day of points whatever the plan's length.
/// Outages, creation and silence follow the plan, as in `SyntheticDeviceHours`.
struct SyntheticRawDay {
    let plan: FleetPlan
    let device: FleetPlan.Device

    /// Appends the points in [from, to) to `buffer`, calling `flush` (then emptying it) whenever it holds
    /// `batchLines` lines; what is left stays in `buffer` for the next device (the caller flushes it last).
    func generate(from: Int, to: Int, batchLines: Int, into buffer: inout LineProtocolBuffer,
                  flush: (inout LineProtocolBuffer) throws -> Void) throws {
        let tenant = plan.tenants[device.tenant]
        let prefixes = DevicePointPrefixes(deviceID: device.id, organizationID: tenant.id)
        let (heartbeat, metrics, online, offline) = (prefixes.heartbeat, prefixes.metrics, prefixes.online, prefixes.offline)
        let (cpu, disk, memory) = (prefixes.cpu, prefixes.disk, prefixes.memory)
        var rng = SplitMix64(seed: plan.seed, stream: UInt64(8_000_000 + device.index))
        let stop = min(to, plan.end, device.silentFrom ?? plan.end)
        var t = plan.slot(atOrAfter: max(from, device.createdAt, plan.start), device)
        var outage = 0
        var centers: [Double] = []
        var centersHour = Int.min
        while t < stop {
            while outage < device.outages.count && device.outages[outage].end <= t { outage += 1 }
            var state: FleetPlan.Outage.Cause? = nil
            if outage < device.outages.count, device.outages[outage].start <= t { state = device.outages[outage].cause }
            if state != .gap {
                if t / 3600 != centersHour {
                    centersHour = t / 3600
                    centers = SyntheticDeviceHours.centers(device, time: t, plan: plan, rng: &rng)
                }
                buffer.append(heartbeat)
                buffer.append(state == .offline ? offline : online)
                buffer.append(integer: t)
                buffer.endLine()
                buffer.append(metrics)
                buffer.append(cpu)
                buffer.append(twoDecimals: clamp(centers[0] + rng.gaussian() * SyntheticDeviceHours.spread[0]))
                buffer.append(disk)
                buffer.append(twoDecimals: clamp(centers[2] + rng.gaussian() * SyntheticDeviceHours.spread[2]))
                buffer.append(memory)
                buffer.append(twoDecimals: clamp(centers[1] + rng.gaussian() * SyntheticDeviceHours.spread[1]))
                buffer.append([32])
                buffer.append(integer: t)
                buffer.endLine()
                if buffer.lines >= batchLines {
                    try flush(&buffer)
                    buffer.reset()
                }
            }
            t += plan.interval
        }
    }

    private func clamp(_ v: Double) -> Double { min(100, max(0, v)) }
}
