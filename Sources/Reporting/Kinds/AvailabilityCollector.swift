import Analytics
import Foundation

/// SLA figures of every device of a tenant for a period, from the tiered heartbeat summaries.
struct AvailabilityCollector {
    struct Result {
        var devices: [(device: Device, availability: DeviceAvailability)]
        var tenant: TenantAvailability
        var engine: SLAEngine
        /// The service calendar the figures are measured in (24x7 by default).
        var calendar: ServiceCalendar
        /// `max_outages`, when the definition sets it.
        var objective: OutageCountObjective?
    }

    /// The calendar of this report: the definition's `service_calendar`, else the tenant's default, else 24x7.
    static func serviceCalendar(_ context: ReportContext) throws -> ServiceCalendar {
        let d = context.definition
        return try ServiceCalendarStore(pg: context.directory.pg)
            .calendar(named: d.options.serviceCalendar, for: context.tenant,
                      source: "options.service_calendar of definition \(d.name) (\(d.file))")
    }

    /// Reads one hour before and after the period too: the last heartbeat before it and the first after.
    static func collect(_ context: inout ReportContext, outageMinimum: Int64? = nil) throws -> Result {
        let options = context.definition.options
        let policy = SLAPolicy(graceSeconds: options.graceSeconds, outageMinimumSeconds: outageMinimum ?? options.outageMinSeconds,
                               targetPercent: context.slaTarget)
        let windows = try context.timed(\.fetch) { c in try c.directory.maintenance(of: c.tenant, from: c.period.start, to: c.period.end) }
        let calendar = try context.timed(\.fetch) { c in try serviceCalendar(c) }
        let objective = try options.maxOutages.map { n throws(AnalyticsError) in try OutageCountObjective(maxOutages: n) }
        let engine = try SLAEngine(period: context.period, now: context.now, policy: policy,
                                   tenantMaintenance: KindSupport.maintenance(windows.filter { $0.deviceID == nil }), calendar: calendar)
        var summaries: [String: HeartbeatGapSummary] = [:]
        let known = Set(context.devices.map(\.id))
        let grace = options.graceSeconds
        try context.timed(\.fetch) { c in
            try c.history.availability(tenant: c.tenant, grid: c.grid, from: c.period.interval.start - 3600, to: c.period.interval.end + 3600,
                                       grace: grace) { device, summary in
                guard known.contains(device) else { return }
                SummaryStitcher.append(summary, to: &summaries[device, default: HeartbeatGapSummary(first: nil, last: nil, gaps: [], transitions: [])], grace: grace)
            }
        }
        return try context.timed(\.compute) { c in
            var devices: [(device: Device, availability: DeviceAvailability)] = []
            let byDevice = Dictionary(grouping: windows.filter { $0.deviceID != nil }, by: { $0.deviceID! })
            for device in c.devices {
                let own = KindSupport.maintenance(byDevice[device.id] ?? [])
                let summary = summaries[device.id] ?? HeartbeatGapSummary(first: nil, last: nil, gaps: [], transitions: [])
                let availability = try engine.device(gaps: summary, createdAt: Int64(device.createdAt.timeIntervalSince1970.rounded(.down)), maintenance: own)
                devices.append((device, availability))
            }
            return Result(devices: devices, tenant: TenantAvailability(devices: devices.map(\.availability)), engine: engine,
                          calendar: calendar, objective: objective)
        }
    }
}
