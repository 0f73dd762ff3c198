import Foundation
import Rendering

/// A document shaped like the demo's sla-monthly report (one tenant, 100 devices, October in
/// Europe/Berlin): nine KPIs, the daily availability chart with its target line, the hourly
/// CPU/memory chart (2 x 744 points), the top 10 devices, the first 8 outages and, in the
/// appendix, every device, day and outage. The PDF and HTML of the render bench are drawn
/// from this same document.
enum RenderBenchSLA {
    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s) ?? Date(timeIntervalSince1970: 0) }

    /// Daily availability on day 1...31 of October (loss as in the daily table).
    static func dailyLoss(_ d: Int) -> Double { Double((d * 37) % 13) * (d % 6 == 0 ? 0.028 : 0.0015) }

    /// The headline chart of the mail: daily availability with the 99.9 % target, one point per local day.
    static func dailyChart() -> ReportChart {
        let first = date("2026-09-30T22:00:00Z")
        let points = (1...31).map { d in
            ChartSeries.Point(x: first.addingTimeInterval(Double(d - 1) * 86_400 + (d > 25 ? 3_600 : 0)), y: 100 - dailyLoss(d))
        }
        return ReportChart(title: "Daily availability", unit: "%", series: [ChartSeries(name: "Availability", points: points)],
                           referenceLines: [ChartReferenceLine(label: "SLA target 99.9 %", value: 99.9)])
    }

    static func document(devices: Int = 100) -> ReportDocument {
        let start = date("2026-09-30T22:00:00Z"), end = date("2026-10-31T23:00:00Z")
        let monitored = end.timeIntervalSince(start), target = 99.9
        let names = ["reception-pc", "xray-ws-01", "xray-ws-02", "billing-srv", "fileserver", "dc01", "dc02", "backup-nas",
                     "chair-1-tablet", "chair-2-tablet", "chair-3-tablet", "printer-front", "firewall", "wifi-ap-1", "wifi-ap-2", "lab-pc"]
        var rows: [ReportRow] = []
        for i in 0..<devices {
            let name = "\(names[i % names.count])\(i >= names.count ? "-\(i / names.count + 1)" : "")"
            let down = Double((i * 7919) % 11) * (i % 3 == 0 ? 420 : 35) + (i == 4 ? 14_400 : 0)
            let outages = down == 0 ? 0 : 1 + (i % 4)
            let availability = (monitored - down) / monitored * 100
            let allowed = (1 - target / 100) * monitored
            rows.append(ReportRow([
                .text(name), .text(String(format: "dev-%04d", i + 1)), .number(availability), .number(down),
                .integer(Int64(outages)), outages == 0 ? .missing : .number(down / Double(outages) * 1.5),
                .number(allowed - down), .instant(end.addingTimeInterval(-Double(i * 97))),
            ], breached: availability < target))
        }
        var daily: [ReportRow] = []
        for d in 1...31 {
            let loss = dailyLoss(d)
            daily.append(ReportRow([.date(ReportDate(year: 2026, month: 10, day: d)), .number(100 - loss),
                                    .number((loss / 100 * 86_400 * Double(devices)).rounded())], breached: 100 - loss < target))
        }
        var outages: [ReportRow] = []
        for k in 0..<40 {
            let s = start.addingTimeInterval(Double(k) * 66_000 + 3_600), dur = Double(180 + (k * 431) % 5_000)
            outages.append(ReportRow([.text(names[(k * 5) % names.count]), .instant(s), .instant(s.addingTimeInterval(dur)),
                                      .number(dur), .text(k % 3 == 0 ? "heartbeat gap" : "agent offline")]))
        }
        var cpu: [ChartSeries.Point] = [], mem: [ChartSeries.Point] = []
        for h in 0..<(31 * 24) {
            let t = start.addingTimeInterval(Double(h) * 3600), wave = sin(Double(h % 24) / 24 * 2 * .pi - 2)
            cpu.append(ChartSeries.Point(x: t, y: 32 + 18 * wave + Double((h * 13) % 7)))
            mem.append(ChartSeries.Point(x: t, y: 61 + 4 * wave + Double((h * 7) % 3)))
        }
        let totalDown = rows.reduce(0.0) { $0 + ($1.values[3].doubleValue ?? 0) }
        let totalMonitored = monitored * Double(devices)
        let availability = (totalMonitored - totalDown) / totalMonitored * 100
        let allowed = (1 - target / 100) * totalMonitored
        let outageCount = rows.reduce(0) { $0 + Int($1.values[4].doubleValue ?? 0) }
        let columns = [
            ReportColumn("device", "Device", .text), ReportColumn("device_id", "Device id", .text, width: 12),
            ReportColumn("availability_pct", "Availability", .percent(places: 3)), ReportColumn("downtime_s", "Downtime", .duration),
            ReportColumn("outages", "Outages", .integer), ReportColumn("longest_outage_s", "Longest outage", .duration),
            ReportColumn("budget_left_s", "Error budget left (s)", .decimal(places: 1)),
            ReportColumn("last_seen", "Last seen", .timestamp(local: true)),
        ]
        return ReportDocument(
            title: "Monthly availability and SLA", kind: "sla", definition: "sla-monthly",
            tenant: ReportTenant(id: "6f1c2a9e-0b7d-4e51-9a3c-2f8d1e4b7a10", slug: "acme", name: "Acme Dental Group GmbH",
                                 timeZoneID: "Europe/Berlin",
                                 branding: ReportBranding(displayName: "Acme Dental Group", accentColor: "#0F766E", logoDataURI: nil)),
            period: ReportDocument.Period(label: "2026-10", start: start, end: end),
            generatedAt: date("2026-11-01T01:15:00Z"),
            kpis: [
                ReportKPI("availability_pct", "Availability", .number(availability), format: .percent(places: 3),
                          status: availability >= target ? .ok : .breached, hint: "target 99.900 %"),
                ReportKPI("sla_target_pct", "SLA target", .number(target), format: .percent(places: 3)),
                ReportKPI("downtime_s", "Downtime", .number(totalDown), format: .duration),
                ReportKPI("budget_left_s", "Error budget left", .number(allowed - totalDown), format: .duration,
                          status: allowed - totalDown >= 0 ? .ok : .breached),
                ReportKPI("outages", "Outages", .integer(Int64(outageCount)), format: .integer),
                ReportKPI("longest_outage_s", "Longest outage", .number(14_400), format: .duration),
                ReportKPI("mttr_s", "MTTR", .number(totalDown / Double(max(outageCount, 1))), format: .duration),
                ReportKPI("mtbf_s", "MTBF", .number(monitored / Double(max(outageCount, 1))), format: .duration),
                ReportKPI("devices", "Devices", .integer(Int64(devices)), format: .integer),
            ],
            tables: [
                ReportTable(name: "devices", title: "Devices", columns: columns, rows: ReportRowSource(rows),
                            html: .top(10, by: "availability_pct", ascending: true),
                            caption: "Rows in red are below the 99.900 % target."),
                ReportTable(name: "daily", title: "Daily availability",
                            columns: [ReportColumn("date", "Date", .date), ReportColumn("availability_pct", "Availability", .percent(places: 3)),
                                      ReportColumn("downtime_s", "Downtime", .duration)],
                            rows: ReportRowSource(daily), html: .none,
                            chart: TableChart(title: "Daily availability", x: "date", y: ["availability_pct"], unit: "%",
                                              referenceLines: [ChartReferenceLine(label: "SLA target 99.9 %", value: target)])),
                ReportTable(name: "outages", title: "Outages",
                            columns: [ReportColumn("device", "Device", .text), ReportColumn("start", "Start", .timestamp(local: true)),
                                      ReportColumn("end", "End", .timestamp(local: true)), ReportColumn("duration_s", "Duration", .duration),
                                      ReportColumn("cause", "Cause", .text)],
                            rows: ReportRowSource(outages), html: .first(8)),
            ],
            charts: [ReportChart(title: "Fleet CPU and memory (hourly mean)", unit: "%", series: [
                ChartSeries(name: "CPU", points: cpu), ChartSeries(name: "Memory", points: mem)])],
            notes: ["Maintenance windows are excluded from monitored time."],
            generator: "ninjait-reports bench")
    }
}
