import Analytics
import Foundation
import Reporting

/// The ground truth of a seeded fleet as JSON: what was injected, for tests to check the numbers against.
struct SeedTruth {
    let plan: FleetPlan

    func write(to path: String) throws {
        var devices: [[String: Any]] = []
        for d in plan.devices {
            var item: [String: Any] = ["id": d.id, "tenant": plan.tenants[d.tenant].slug, "name": d.name,
                                       "created_at": d.createdAt, "phase_s": d.phase,
                                       "first_heartbeat": plan.slot(atOrAfter: max(d.createdAt, plan.start), d)]
            if let silent = d.silentFrom {
                item["silent_from"] = silent
                item["last_heartbeat"] = silent - plan.interval
            }
            item["outages"] = d.outages.map { o -> [String: Any] in
                var entry: [String: Any] = ["first_missing": o.start, "resumed": o.end, "cause": o.cause.rawValue, "label": o.label]
                if let s = o.downStart, let e = o.downEnd {
                    entry["down_start"] = s
                    entry["down_end"] = e
                    entry["down_s"] = e - s
                    entry["down_start_iso"] = ISOTimestamp.string(Date(timeIntervalSince1970: Double(s)))
                }
                return entry
            }
            devices.append(item)
        }
        let root: [String: Any] = [
            "seed": plan.seed, "start": plan.start, "end": plan.end, "start_iso": ISOTimestamp.string(Date(timeIntervalSince1970: Double(plan.start))), "end_iso": ISOTimestamp.string(Date(timeIntervalSince1970: Double(plan.end))),
            "interval_s": plan.interval, "grace_s": plan.grace,
            "tenants": plan.tenants.map { ["id": $0.id, "slug": $0.slug, "name": $0.name, "timezone": $0.timezone, "sla_target_pct": $0.slaTarget] },
            "devices": devices,
            "maintenance_windows": plan.maintenance.map { m -> [String: Any] in
                var entry: [String: Any] = ["tenant": plan.tenants[m.tenant].slug, "start": m.start, "end": m.end, "reason": m.reason]
                if let device = m.device { entry["device_id"] = plan.devices[device].id }
                return entry
            },
            "alerts": plan.alerts.count,
        ]
        let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    }
}
