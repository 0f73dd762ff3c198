import Foundation
@testable import Rendering

/// Sample documents for the tests: a realistic monthly SLA report, optionally full of hostile values.
enum SampleReports {
    static let longText = String(repeating: "0123456789abcdefghij", count: 2_000) + "END"  // 40,003 characters
    static let hostile: [String] = [
        "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tleading tab", "\rleading cr", "\nleading lf",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "say \"cheese\"", "comma, separated",
        "line one\nline two", "\u{202E}fdp.exe", "broken \u{FFFD} bytes", "O'Brien & Söhne", "日本語のデバイス", longText,
    ]

    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    static let columns: [ReportColumn] = [
        ReportColumn("device", "Device", .text),
        ReportColumn("device_id", "Device id", .text, width: 12),
        ReportColumn("availability_pct", "Availability", .percent(places: 3)),
        ReportColumn("downtime_s", "Downtime", .duration),
        ReportColumn("outages", "Outages", .integer),
        ReportColumn("longest_outage_s", "Longest outage", .duration),
        ReportColumn("budget_left_s", "Error budget left (s)", .decimal(places: 1)),
        ReportColumn("last_seen", "Last seen", .timestamp(local: true)),
    ]

    static func sla(hostile useHostile: Bool, devices: Int = 36) -> ReportDocument {
        let start = date("2026-09-30T22:00:00Z"), end = date("2026-10-31T23:00:00Z")  // October in Europe/Berlin (DST ends 25 Oct)
        let monitored = end.timeIntervalSince(start)
        let target = 99.9
        let names = ["reception-pc", "xray-ws-01", "xray-ws-02", "billing-srv", "fileserver", "dc01", "dc02", "backup-nas",
                     "chair-1-tablet", "chair-2-tablet", "chair-3-tablet", "printer-front", "firewall", "wifi-ap-1", "wifi-ap-2", "lab-pc"]
        var rows: [ReportRow] = []
        for i in 0..<devices {
            var name = "\(names[i % names.count])\(i >= names.count ? "-\(i / names.count + 1)" : "")"
            if useHostile && i < hostile.count { name = hostile[i] }
            let down = Double((i * 7919) % 11) * (i % 3 == 0 ? 420 : 35) + (i == 4 ? 14_400 : 0)
            let outages = down == 0 ? 0 : 1 + (i % 4)
            let availability = (monitored - down) / monitored * 100
            let allowed = (1 - target / 100) * monitored
            let lastSeen: ReportValue = i % 9 == 8 ? .missing : .instant(end.addingTimeInterval(-Double(i * 97)))
            rows.append(ReportRow([
                .text(name), .text(String(format: "dev-%04d", i + 1)), .number(availability), .number(down),
                .integer(Int64(outages)), outages == 0 ? .missing : .number(down / Double(outages) * 1.5),
                .number(allowed - down), lastSeen,
            ], breached: availability < target))
        }
        let deviceRows = rows
        var daily: [ReportRow] = []
        for d in 1...31 {
            let loss = Double((d * 37) % 13) * (d % 6 == 0 ? 0.028 : 0.0015)
            let avail: ReportValue = d == 12 ? .missing : .number(100 - loss)
            let downtime: ReportValue = d == 12 ? .missing : .number((loss / 100 * 86_400 * Double(devices)).rounded())
            daily.append(ReportRow([.date(ReportDate(year: 2026, month: 10, day: d)), avail, downtime],
                                   breached: (avail.doubleValue ?? 100) < target))
        }
        var outageRows: [ReportRow] = []
        for k in 0..<14 {
            let s = start.addingTimeInterval(Double(k) * 190_000 + 3_600)
            let dur = Double(180 + (k * 431) % 5_000)
            let device = useHostile && k < hostile.count ? hostile[k] : names[(k * 5) % names.count]
            outageRows.append(ReportRow([.text(device), .instant(s), .instant(s.addingTimeInterval(dur)), .number(dur),
                                         .text(k % 3 == 0 ? "heartbeat gap" : "agent offline")]))
        }
        var cpu: [ChartSeries.Point] = [], mem: [ChartSeries.Point] = []
        for h in 0..<(31 * 24) {
            let t = start.addingTimeInterval(Double(h) * 3600)
            let wave = sin(Double(h % 24) / 24 * 2 * .pi - 2)
            cpu.append(ChartSeries.Point(x: t, y: (h / 24 == 12) ? nil : 32 + 18 * wave + Double((h * 13) % 7)))
            mem.append(ChartSeries.Point(x: t, y: (h / 24 == 12) ? nil : 61 + 4 * wave + Double((h * 7) % 3)))
        }
        let tenantName = useHostile ? "Acme <script>alert('x')</script> \u{202E}Dental" : "Acme Dental Group"
        let totalDown = deviceRows.reduce(0.0) { $0 + ($1.values[3].doubleValue ?? 0) }
        let totalMonitored = monitored * Double(devices)
        let availability = (totalMonitored - totalDown) / totalMonitored * 100
        let allowed = (1 - target / 100) * totalMonitored
        let outageCount = deviceRows.reduce(0) { $0 + Int($1.values[4].doubleValue ?? 0) }
        return ReportDocument(
            title: "Monthly availability and SLA",
            kind: "sla", definition: "sla-monthly",
            tenant: ReportTenant(id: "6f1c2a9e-0b7d-4e51-9a3c-2f8d1e4b7a10", slug: "acme", name: "Acme Dental Group GmbH",
                                 timeZoneID: "Europe/Berlin",
                                 branding: ReportBranding(displayName: tenantName, accentColor: "#0F766E", logoDataURI: nil)),
            period: ReportDocument.Period(label: "2026-10", start: start, end: end),
            generatedAt: date("2026-11-01T01:15:00Z"),
            kpis: [
                ReportKPI("availability_pct", "Availability", .number(availability), format: .percent(places: 3),
                          status: availability >= target ? .ok : .breached, hint: "target 99.900 %"),
                ReportKPI("sla_target_pct", "SLA target", .number(target), format: .percent(places: 3)),
                ReportKPI("downtime_s", "Downtime", .number(totalDown), format: .duration),
                ReportKPI("budget_left_s", "Error budget left", .number(allowed - totalDown), format: .duration,
                          status: allowed - totalDown >= 0 ? .ok : .breached, hint: "allowed " + NumberText.humanDuration(allowed)),
                ReportKPI("outages", "Outages", .integer(Int64(outageCount)), format: .integer),
                ReportKPI("longest_outage_s", "Longest outage", .number(14_400), format: .duration),
                ReportKPI("mttr_s", "MTTR", .number(totalDown / Double(max(outageCount, 1))), format: .duration),
                ReportKPI("mtbf_s", "MTBF", .missing, format: .duration, hint: useHostile ? "=cmd|' /C calc'!A0" : "undefined without outages"),
                ReportKPI("devices", "Devices", .integer(Int64(devices)), format: .integer),
            ],
            tables: [
                ReportTable(name: "devices", title: "Devices", columns: columns, rows: ReportRowSource(deviceRows),
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
                            rows: ReportRowSource(outageRows), html: .first(8)),
            ],
            charts: [ReportChart(title: "Fleet CPU and memory (hourly mean)", unit: "%", series: [
                ChartSeries(name: "CPU", points: cpu), ChartSeries(name: "Memory", points: mem)])],
            notes: useHostile ? ["Note with <b>markup</b> & \"quotes\"", "=1+1"] : ["Maintenance windows are excluded from monitored time."],
            generator: "ninjait-reports 0.1.0")
    }
}
