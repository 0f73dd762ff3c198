import Analytics
import Foundation
import Rendering

/// The `alerts` kind: counts by severity and type, open at period end, time to resolve p50/p90/max, noisiest devices.
struct AlertsReport {
    static func build(_ context: inout ReportContext) throws -> BuiltReport {
        let period = context.period
        let alerts = try context.timed(\.fetch) { c in try c.directory.alerts(of: c.tenant, from: period.start, to: period.end) }
        let names = Dictionary(context.devices.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let records = alerts.map { a in
            AlertRecord(deviceID: a.deviceID ?? "", type: a.type, severity: a.severity,
                        triggeredAt: Int64(a.triggeredAt.timeIntervalSince1970.rounded(.down)),
                        resolvedAt: a.resolvedAt.map { Int64($0.timeIntervalSince1970.rounded(.down)) })
        }
        let limit = max(10, context.definition.options.topN)
        let stats = context.timed(\.compute) { _ in AlertStatistics(alerts: records, period: period.interval, noisiestLimit: limit) }
        var doc = context.document()
        let critical = stats.bySeverity.first { $0.name == "critical" }
        doc.kpis = [
            ReportKPI("alerts", "Alerts raised", .integer(Int64(stats.overall.count)), format: .integer),
            ReportKPI("open_at_end", "Open at period end", .integer(Int64(stats.overall.openAtEnd)), format: .integer,
                      status: stats.overall.openAtEnd > 0 ? .warning : .ok),
            ReportKPI("critical", "Critical", .integer(Int64(critical?.count ?? 0)), format: .integer,
                      status: (critical?.count ?? 0) > 0 ? .warning : .ok),
            ReportKPI("resolve_p50_s", "Time to resolve (median)", KindSupport.value(stats.overall.resolveP50Seconds), format: .duration),
            ReportKPI("resolve_p90_s", "Time to resolve (p90)", KindSupport.value(stats.overall.resolveP90Seconds), format: .duration),
            ReportKPI("devices", "Devices", .integer(Int64(context.devices.count)), format: .integer),
        ]
        let days = period.dayBuckets
        let perDay = context.timed(\.compute) { _ in AlertsPerBucket(alerts: records, buckets: days.map(\.interval)) }
        doc.tables = [
            dailyTable(perDay, days: days),
            groupTable(name: "by_severity", title: "Alerts by severity", key: "severity", groups: stats.bySeverity),
            groupTable(name: "by_type", title: "Alerts by type", key: "type", groups: stats.byType),
            ReportTable(name: "noisiest_devices", title: "Noisiest devices", columns: [
                ReportColumn("device", "Device", .text, width: 28), ReportColumn("alerts", "Alerts", .integer),
                ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
            ], rows: ReportRowSource(stats.noisiestDevices.map {
                ReportRow([.text(names[$0.deviceID] ?? ($0.deviceID.isEmpty ? "(tenant-wide)" : $0.deviceID)), .integer(Int64($0.count)), .text($0.deviceID)])
            }), html: .first(context.definition.options.topN)),
            alertList(alerts, names: names, period: period),
        ]
        if alerts.isEmpty { doc.addNote(ReportMessage("note.no_alerts", english: "No alerts were raised or open in this period.")) }
        return BuiltReport(document: doc, summary: ReportNotification.Summary(availabilityPct: nil, slaTargetPct: nil, slaMet: nil,
                                                                              devices: context.devices.count, outages: nil))
    }

    /// Alerts per local day: raised, raised critical, open at the day's end; its bar chart is the report's headline chart.
    static func dailyTable(_ perDay: AlertsPerBucket, days: [TimeBucket]) -> ReportTable {
        let rows = zip(days, perDay.counts).map { bucket, c in
            let day = CivilDate(daysSinceEpoch: (bucket.interval.start + Int64(bucket.utcOffsetSeconds)) / 86_400)
            return ReportRow([.date(KindSupport.reportDate(day)), .integer(Int64(c.raised)), .integer(Int64(c.critical)), .integer(Int64(c.openAtEnd))])
        }
        return ReportTable(name: "daily", title: "Alerts per day", columns: [
            ReportColumn("date", "Date", .date), ReportColumn("raised", "Raised", .integer),
            ReportColumn("critical", "Critical", .integer), ReportColumn("open_at_end", "Open at day end", .integer),
        ], rows: ReportRowSource(rows), html: .none,
           chart: TableChart(title: "Alerts per day", x: "date", y: ["raised", "critical"], unit: "alerts", style: .bar))
    }

    static func groupTable(name: String, title: String, key: String, groups: [AlertStatistics.Group]) -> ReportTable {
        ReportTable(name: name, title: title, columns: [
            ReportColumn(key, key.capitalized, .text), ReportColumn("count", "Raised", .integer), ReportColumn("open_at_end", "Open at end", .integer),
            ReportColumn("resolved", "Resolved", .integer), ReportColumn("resolve_p50_s", "Resolve p50", .duration),
            ReportColumn("resolve_p90_s", "Resolve p90", .duration), ReportColumn("resolve_max_s", "Resolve max", .duration),
        ], rows: ReportRowSource(groups.map { g in
            ReportRow([.text(g.name), .integer(Int64(g.count)), .integer(Int64(g.openAtEnd)), .integer(Int64(g.resolvedCount)),
                       KindSupport.value(g.resolveP50Seconds), KindSupport.value(g.resolveP90Seconds), KindSupport.value(g.resolveMaxSeconds)])
        }), html: .all, chart: key == "severity" ? TableChart(title: "Alerts by severity", x: key, y: ["count"], unit: "alerts", style: .bar) : nil)
    }

    static func alertList(_ alerts: [TenantDirectory.AlertRow], names: [String: String], period: ReportPeriod) -> ReportTable {
        let rows = alerts.map { a in
            ReportRow([.instant(a.triggeredAt), a.resolvedAt.map { .instant($0) } ?? .missing, .text(a.severity), .text(a.type),
                       .text(names[a.deviceID ?? ""] ?? ""), .text(a.message),
                       a.resolvedAt.map { .integer(Int64($0.timeIntervalSince(a.triggeredAt))) } ?? .missing, .text(a.deviceID ?? "")],
                      breached: a.resolvedAt.map { $0 > period.end } ?? true)
        }
        return ReportTable(name: "alerts", title: "All alerts", columns: [
            ReportColumn("triggered_at", "Triggered", .timestamp(local: true)), ReportColumn("resolved_at", "Resolved", .timestamp(local: true)),
            ReportColumn("severity", "Severity", .text), ReportColumn("type", "Type", .text), ReportColumn("device", "Device", .text, width: 28),
            ReportColumn("message", "Message", .text, width: 40), ReportColumn("resolve_s", "Time to resolve", .duration),
            ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
        ], rows: ReportRowSource(rows), html: .none)
            .captioned(ReportMessage("alerts.caption.alerts", english: "Red rows were still open at the end of the period."))
    }
}
