import Analytics
import Foundation
import Reporting

/// The deterministic synthetic fleet `seed` writes: tenants, devices, injected outages,
/// maintenance windows and alerts, all derived from the seed and the time range.
///
/// Heartbeats are every `interval` seconds at a per-device phase; an outage either drops
/// heartbeats (`gap`) or sends `online=false` (`offline`). Each outage records its expected
/// down interval by the downtime rule (from the last check-in + grace to the next check-in, or
/// from an offline check-in to the next online one), computed here from the heartbeat schedule
/// alone, so tests can check the SLA engine against it.
struct FleetPlan: Sendable {
    struct Tenant: Sendable {
        let index: Int
        let id: String
        let name: String
        let slug: String
        let timezone: String
        let slaTarget: Double
        let accent: String
    }

    struct Outage: Sendable {
        enum Cause: String, Sendable { case gap, offline }
        /// First missing (gap) or first `online=false` (offline) heartbeat slot.
        let start: Int
        /// First heartbeat slot after the outage (normal again).
        let end: Int
        let cause: Cause
        let label: String
        /// The expected down interval per the formula (before `outage_min` filtering); nil if within grace.
        var downStart: Int?
        var downEnd: Int?
    }

    struct Device: Sendable {
        let index: Int
        let tenant: Int
        let id: String
        let name: String
        let type: String
        let os: String
        let createdAt: Int
        let phase: Int
        /// No heartbeats at or after this instant (a device that went silent for good).
        let silentFrom: Int?
        var outages: [Outage]
        let cpuBase: Double, cpuAmplitude: Double, memoryBase: Double, diskStart: Double, diskPerDay: Double
        let utcOffset: Int
    }

    struct Maintenance: Sendable {
        let tenant: Int
        let device: Int?
        let start: Int
        let end: Int
        let reason: String
    }

    struct Alert: Sendable {
        let id: String
        let tenant: Int
        let device: Int
        let type: String
        let severity: String
        let message: String
        let triggered: Int
        let resolved: Int?
    }

    let seed: UInt64
    let start: Int
    let end: Int
    let interval: Int
    let grace: Int
    var tenants: [Tenant] = []
    var devices: [Device] = []
    var maintenance: [Maintenance] = []
    var alerts: [Alert] = []

    static let zones = ["Europe/Berlin", "Asia/Kolkata", "America/New_York", "Europe/Paris", "Australia/Sydney"]
    static let names = [("Acme Dental GmbH", "acme"), ("Bharat Logistics Pvt Ltd", "bharat"), ("Hudson & Partners LLP", "hudson"),
                        ("Lyon Imagerie Médicale SARL", "lyon"), ("Sydney Harbour Clinics", "harbour")]
    /// The report language of each tenant (`tenant_settings.locale`), by index like the zones.
    static let locales = ["de-DE", "en-IN", "en-US", "fr-FR", "en-AU"]
    static let types = [("server", "Linux", "Ubuntu 22.04"), ("workstation", "Windows", "Windows 11 23H2"),
                        ("laptop", "macOS", "macOS 14.5"), ("server", "Windows", "Windows Server 2022"),
                        ("network", "Linux", "RouterOS 7")]

    /// Plans `tenantCount` tenants of `devicesPerTenant` devices over [start, end) (epoch seconds).
    init(seed: UInt64, tenantCount: Int, devicesPerTenant: Int, start: Int, end: Int, interval: Int = 60, slugPrefix: String = "") {
        // A slug prefix (test fleets) gives different ids too, so fleets never share rows anywhere.
        self.seed = slugPrefix.isEmpty ? seed : seed ^ slugPrefix.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        self.start = start
        self.end = end
        self.interval = interval
        grace = 3 * interval
        var rng = SplitMix64(seed: seed, stream: 1)
        for t in 0..<tenantCount {
            var (name, slug) = t < FleetPlan.names.count ? FleetPlan.names[t] : ("Tenant \(t + 1) Ltd", "tenant-\(t + 1)")
            if !slugPrefix.isEmpty { (name, slug) = ("\(slugPrefix) \(name)", slugPrefix + slug) }
            let zone = FleetPlan.zones[t % FleetPlan.zones.count]
            tenants.append(Tenant(index: t, id: rng.uuid(), name: name, slug: slug, timezone: zone,
                                  slaTarget: [99.9, 99.5, 99.0][t % 3], accent: ["#1f6feb", "#d9480f", "#2b8a3e", "#6741d9", "#0b7285"][t % 5]))
        }
        for tenant in tenants {
            let zone = TimeZone(identifier: tenant.timezone) ?? .gmt
            for d in 0..<devicesPerTenant {
                devices.append(planDevice(tenant: tenant, index: d, zone: zone))
            }
            planMaintenance(tenant: tenant, zone: zone)
        }
        for i in devices.indices { computeDownIntervals(&devices[i]) }
        planAlerts()
    }

    /// The heartbeat slot at or after `t` for a device.
    func slot(atOrAfter t: Int, _ device: Device) -> Int {
        let base = start + device.phase
        if t <= base { return base }
        return base + ((t - base + interval - 1) / interval) * interval
    }

    private mutating func planDevice(tenant: Tenant, index d: Int, zone: TimeZone) -> Device {
        var rng = SplitMix64(seed: seed, stream: UInt64(1000 + tenant.index * 100_000 + d))
        let kind = FleetPlan.types[d % FleetPlan.types.count]
        let phase = Int(rng.next() % UInt64(interval))
        let days = max(1, (end - start) / 86_400)
        var created = start
        var silent: Int? = nil
        var outages: [Outage] = []
        let names = ["srv", "ws", "lt", "srv", "fw"]
        var name = "\(tenant.slug)-\(names[d % names.count])-\(String(d + 1).leftPad(3))"
        if d == 7 { name = "O'Brien's \"laptop\" <dev>" }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(start)))
        var device = Device(index: devices.count, tenant: tenant.index, id: rng.uuid(), name: name, type: kind.0, os: kind.1 + " " + kind.2,
                            createdAt: created, phase: phase, silentFrom: nil, outages: [],
                            cpuBase: 15 + rng.unit() * 35, cpuAmplitude: 5 + rng.unit() * 20, memoryBase: 30 + rng.unit() * 40,
                            diskStart: 35 + rng.unit() * 40, diskPerDay: d % 5 == 0 ? 0.8 + rng.unit() * 1.5 : rng.unit() * 0.2,
                            utcOffset: offset)
        func localMidnight(daysBeforeEnd: Int) -> Int {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let day = calendar.startOfDay(for: Date(timeIntervalSince1970: Double(end - daysBeforeEnd * 86_400)))
            return Int(day.timeIntervalSince1970)
        }
        let middle = max(1, days / 2)
        switch d {
        case 0 where days >= 2: // across local midnight
            let midnight = localMidnight(daysBeforeEnd: middle)
            outages.append(Outage(start: slot(atOrAfter: midnight - 20 * 60, device), end: slot(atOrAfter: midnight + 25 * 60, device), cause: .gap, label: "across local midnight"))
        case 1: // across a local month boundary, if the range has one
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let last = calendar.dateInterval(of: .month, for: Date(timeIntervalSince1970: Double(end - 1)))!.start
            let boundary = Int(last.timeIntervalSince1970)
            if boundary - 3600 > start + 86_400 {
                outages.append(Outage(start: slot(atOrAfter: boundary - 35 * 60, device), end: slot(atOrAfter: boundary + 50 * 60, device), cause: .gap, label: "across month boundary"))
            }
        case 2 where days >= 2: // inside the maintenance windows planned for this device
            let midnight = localMidnight(daysBeforeEnd: middle)
            outages.append(Outage(start: slot(atOrAfter: midnight + 3 * 3600 + 15 * 60, device), end: slot(atOrAfter: midnight + 4 * 3600 + 30 * 60, device), cause: .gap, label: "inside maintenance"))
        case 3: // silent for good during the last day
            silent = slot(atOrAfter: end - 20 * 3600, device)
        case 4: // short outages: 4 missing beats (120 s down, under outage_min) and 1 missing beat (none)
            let t = slot(atOrAfter: start + (days * 86_400) / 3, device)
            outages.append(Outage(start: t, end: t + 4 * interval, cause: .gap, label: "short (below outage_min)"))
            outages.append(Outage(start: t + 3600, end: t + 3600 + interval, cause: .gap, label: "single missed heartbeat"))
        case 5: // the agent reports offline for 45 minutes
            let t = slot(atOrAfter: start + (days * 86_400) * 2 / 3 + 1234, device)
            outages.append(Outage(start: t, end: t + 45 * 60, cause: .offline, label: "agent reported offline"))
        case 6 where days >= 2: // created mid-range
            created = slot(atOrAfter: start + (days * 86_400) / 2 + 7 * 3600, device)
        default: break
        }
        // A few random outages of 4-150 minutes that do not touch the special ones.
        let randomCount = Int(rng.next() % 3)
        for _ in 0..<randomCount {
            let length = (4 + Int(rng.next() % 147)) * 60
            let from = max(created, start) + 3600
            let to = (silent ?? end) - length - 3600
            guard to > from else { continue }
            let s = slot(atOrAfter: from + Int(rng.next() % UInt64(to - from)), device)
            let candidate = Outage(start: s, end: s + length, cause: rng.unit() < 0.2 ? .offline : .gap, label: "random")
            if outages.allSatisfy({ candidate.end + 1800 < $0.start || candidate.start > $0.end + 1800 }) { outages.append(candidate) }
        }
        device = Device(index: device.index, tenant: device.tenant, id: device.id, name: device.name, type: device.type, os: device.os,
                        createdAt: created, phase: phase, silentFrom: silent, outages: outages.sorted { $0.start < $1.start },
                        cpuBase: device.cpuBase, cpuAmplitude: device.cpuAmplitude, memoryBase: device.memoryBase,
                        diskStart: device.diskStart, diskPerDay: device.diskPerDay, utcOffset: offset)
        return device
    }

    private mutating func planMaintenance(tenant: Tenant, zone: TimeZone) {
        let days = max(1, (end - start) / 86_400)
        guard days >= 2 else { return }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let midnight = Int(calendar.startOfDay(for: Date(timeIntervalSince1970: Double(end - max(1, days / 2) * 86_400))).timeIntervalSince1970)
        maintenance.append(Maintenance(tenant: tenant.index, device: nil, start: midnight + 2 * 3600, end: midnight + 4 * 3600, reason: "Monthly patch window"))
        if let device = devices.first(where: { $0.tenant == tenant.index && $0.outages.contains { $0.label == "inside maintenance" } }) {
            maintenance.append(Maintenance(tenant: tenant.index, device: device.index, start: midnight + 3 * 3600, end: midnight + 5 * 3600, reason: "Disk replacement"))
        }
    }

    /// Fills each outage's expected down interval from the heartbeat schedule (last check-in + grace to the next check-in).
    private func computeDownIntervals(_ device: inout Device) {
        for i in device.outages.indices {
            let o = device.outages[i]
            switch o.cause {
            case .gap:
                let previous = o.start - interval  // last heartbeat before the gap
                if o.end - previous > grace {
                    device.outages[i].downStart = previous + grace
                    device.outages[i].downEnd = o.end
                }
            case .offline:
                device.outages[i].downStart = o.start
                device.outages[i].downEnd = o.end
            }
        }
    }

    private mutating func planAlerts() {
        let types = [("cpu_high", "CPU above 90 % for 10 minutes"), ("memory_high", "Memory above 95 %"),
                     ("disk_space", "Disk C: above 85 %"), ("patch_failed", "Patch KB5034441 failed"), ("service_stopped", "Service 'Spooler' stopped")]
        let severities = ["critical", "high", "medium", "low", "info"]
        for device in devices {
            var rng = SplitMix64(seed: seed, stream: UInt64(9_000_000 + device.index))
            let count = Int(rng.next() % 4)
            for _ in 0..<count {
                let type = types[Int(rng.next() % UInt64(types.count))]
                let from = max(device.createdAt, start)
                let triggered = from + Int(rng.next() % UInt64(max(1, (device.silentFrom ?? end) - from)))
                let open = rng.unit() < 0.15
                let resolved = open ? nil : triggered + 60 + Int(rng.unit() * rng.unit() * 20_000)
                alerts.append(Alert(id: rng.uuid(), tenant: device.tenant, device: device.index, type: type.0,
                                    severity: severities[Int(rng.next() % UInt64(severities.count))], message: type.1,
                                    triggered: triggered, resolved: resolved.map { min($0, end - 1) }))
            }
            for outage in device.outages where (outage.downEnd ?? 0) - (outage.downStart ?? 0) >= 180 {
                alerts.append(Alert(id: rng.uuid(), tenant: device.tenant, device: device.index, type: "offline", severity: "critical",
                                    message: "Device not responding", triggered: outage.downStart!, resolved: outage.downEnd))
            }
            if let silent = device.silentFrom {
                alerts.append(Alert(id: rng.uuid(), tenant: device.tenant, device: device.index, type: "offline", severity: "critical",
                                    message: "Device not responding", triggered: silent - interval + grace, resolved: nil))
            }
        }
    }
}
