import Analytics
import Foundation
import Rendering

/// The `inventory` kind: every device from PostgreSQL with its period availability and mean CPU/memory/disk.
struct InventoryReport {
    static func build(_ context: inout ReportContext) throws -> BuiltReport {
        let availability = try AvailabilityCollector.collect(&context)
        let metrics = try MetricCollector.collect(&context, period: context.period, perDay: false, percentiles: false)
        var doc = context.document()
        let byDevice = Dictionary(availability.devices.map { ($0.device.id, $0.availability) }, uniquingKeysWith: { a, _ in a })
        let rows: [ReportRow] = context.devices.map { d in
            let a = byDevice[d.id]?.totals
            let m = metrics.devices[d.id]
            return ReportRow([
                .text(d.name), .text(d.type), .text(d.os), .text(d.ipAddress), .text(d.status), .text(d.tags.joined(separator: ", ")),
                KindSupport.value(d.ramGB), KindSupport.value(d.diskGB), d.lastSeen.map { .instant($0) } ?? .missing, .instant(d.createdAt),
                KindSupport.value(a?.availabilityPercent), KindSupport.value(m?.period[0].mean), KindSupport.value(m?.period[1].mean),
                KindSupport.value(m?.period[2].mean), .text(d.id),
            ], breached: a?.meets(targetPercent: context.slaTarget) == false)
        }
        let online = context.devices.filter { $0.status == "online" }.count
        let types = Dictionary(grouping: context.devices, by: \.type).map { ($0.key.isEmpty ? "unknown" : $0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
        doc.kpis = [
            ReportKPI("devices", "Devices", .integer(Int64(context.devices.count)), format: .integer),
            ReportKPI("online", "Online now", .integer(Int64(online)), format: .integer),
            ReportKPI("availability_pct", "Fleet availability", KindSupport.value(availability.tenant.totals.availabilityPercent), format: .percent(places: 3)),
            // Availability is measured in the report's service calendar, as in the sla kind.
            ReportKPI("service_calendar", "Service calendar", .text(availability.calendar.name), format: .text,
                      hint: ServiceCalendarSummary.weeklyHours(availability.calendar)),
        ]
        doc.tables = [
            ReportTable(name: "devices", title: "Device inventory", columns: [
                ReportColumn("device", "Device", .text, width: 28), ReportColumn("type", "Type", .text), ReportColumn("os", "OS", .text, width: 22),
                ReportColumn("ip_address", "IP address", .text), ReportColumn("status", "Status", .text), ReportColumn("tags", "Tags", .text, width: 24),
                ReportColumn("ram_gb", "RAM (GB)", .decimal(places: 0)), ReportColumn("disk_gb", "Disk (GB)", .decimal(places: 0)),
                ReportColumn("last_seen", "Last seen", .timestamp(local: true)), ReportColumn("created_at", "Created", .timestamp(local: true)),
                ReportColumn("availability_pct", "Availability", .percent(places: 3)), ReportColumn("cpu_mean", "CPU mean", .decimal(places: 1)),
                ReportColumn("memory_mean", "Memory mean", .decimal(places: 1)), ReportColumn("disk_mean", "Disk mean", .decimal(places: 1)),
                ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
            ], rows: ReportRowSource(rows), html: .top(context.definition.options.topN, by: "availability_pct", ascending: true))
            .captioned(ReportMessage("calendar.caption_inventory", english: "Red rows missed the SLA target in this period. "
                                     + "Availability is in service time of the calendar \(availability.calendar.name).",
                                     arguments: [.init("calendar", .text(availability.calendar.name), .text)])),
            ReportTable(name: "types", title: "Devices by type", columns: [
                ReportColumn("type", "Type", .text), ReportColumn("devices", "Devices", .integer),
            ], rows: ReportRowSource(types.map { ReportRow([.text($0.0), .integer(Int64($0.1))]) }), html: .all,
               chart: TableChart(title: "Devices by type", x: "type", y: ["devices"], unit: "devices", style: .bar)),
        ]
        if context.devices.isEmpty { doc.addNote(ReportMessage("note.no_devices", english: "This tenant has no devices: no data.")) }
        return BuiltReport(document: doc, summary: ReportNotification.Summary(
            availabilityPct: availability.tenant.totals.availabilityPercent.map { ($0 * 1000).rounded() / 1000 }, slaTargetPct: context.slaTarget,
            slaMet: availability.tenant.totals.meets(targetPercent: context.slaTarget), devices: context.devices.count,
            outages: availability.tenant.totals.outageCount))
    }
}
