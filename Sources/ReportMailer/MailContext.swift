import Foundation
import Reporting

/// The values of one report e-mail, pre-formatted: the Mustache context and the plain-text body.
///
/// Every value is plain text; the template's `{{name}}` escapes it for HTML. The keys are listed
/// at the top of `templates/email.html.mustache`.
struct MailContext {
    let notification: ReportNotification
    let plan: MailAttachmentPlan
    /// The `Content-ID` of the inline chart (`<img src="cid:...">`), when the plan has one.
    var chartContentID: String? = nil

    var subject: String {
        "\(notification.title) – \(notification.tenant.name) – \(notification.period.label)"
    }

    /// `2026-10-01 – 2026-10-31` in the tenant's time zone (one date for a one-day period).
    var periodRange: String {
        let iso = ISO8601DateFormatter()
        guard let start = iso.date(from: notification.period.start), let end = iso.date(from: notification.period.end), end > start else {
            return "\(notification.period.start) – \(notification.period.end)"
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: notification.period.timezone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let first = formatter.string(from: start)
        let last = formatter.string(from: end.addingTimeInterval(-1))
        return first == last ? first : "\(first) – \(last)"
    }

    /// `2026-11-01 02:15 UTC` from the notification's ISO 8601 `generated_at` (as is when it does not parse).
    var generatedAt: String {
        guard let date = ISO8601DateFormatter().date(from: notification.generatedAt) else { return notification.generatedAt }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date) + " UTC"
    }

    /// KPI tiles from the summary: availability (against the target), SLA, devices, outages.
    var kpis: [[String: Any]] {
        let s = notification.summary
        var tiles: [[String: Any]] = []
        if let availability = s.availabilityPct {
            var tile: [String: Any] = ["label": "Availability", "value": Self.percent(availability), "color": "#111827"]
            if let target = s.slaTargetPct { tile["note"] = "target \(Self.percent(target))" }
            tiles.append(tile)
        }
        if let met = s.slaMet {
            var tile: [String: Any] = ["label": "SLA", "value": met ? "✓ met" : "✗ breached", "color": met ? "#15803d" : "#b91c1c"]
            if let target = s.slaTargetPct { tile["note"] = "target \(Self.percent(target))" }
            tiles.append(tile)
        }
        tiles.append(["label": "Devices", "value": "\(s.devices)", "color": "#111827"])
        if let outages = s.outages { tiles.append(["label": "Outages", "value": "\(outages)", "color": "#111827"]) }
        return tiles
    }

    var dictionary: [String: Any] {
        let n = notification
        let files: [[String: Any]] = plan.entries.map { entry in
            ["name": entry.name, "format": entry.file.format.uppercased(), "size": MailAttachmentPlan.size(entry.file.bytes),
             "path": entry.file.path, "attached": entry.state == .attached, "stored": entry.state == .stored || entry.state == .inline,
             "inline": entry.state == .inline, "missing": entry.state == .missing]
        }
        var context: [String: Any] = [
            "subject": subject, "title": n.title, "tenantName": n.tenant.name, "tenantSlug": n.tenant.slug,
            "periodLabel": n.period.label, "periodRange": periodRange, "timezone": n.period.timezone,
            "generatedAt": generatedAt, "definition": n.definition, "kind": n.kind, "runId": n.runId,
            "kpis": kpis, "hasKPIs": !kpis.isEmpty, "files": files, "hasFiles": !files.isEmpty,
            "attachedCount": plan.attachments.count, "hasAttachments": !plan.attachments.isEmpty,
            "attachmentsOmitted": plan.omittedForSize, "totalSize": MailAttachmentPlan.size(plan.totalBytes),
            "limitSize": MailAttachmentPlan.size(plan.limit), "hasMissing": plan.entries.contains { $0.state == .missing },
            "generator": "ninjait-reports \(ReportingVersion.current)",
        ]
        if let chart = plan.chart, let cid = chartContentID {
            context["hasChart"] = true
            context["chartCID"] = "cid:" + cid
            context["chartWidth"] = chart.width
            context["chartHeight"] = chart.height
            context["chartTitle"] = chart.title
            context["chartAlt"] = "\(chart.title) – \(n.tenant.name), \(n.period.label)"
        }
        if let met = n.summary.slaMet {
            context["hasSLA"] = true
            context["slaMet"] = met
            context["slaStatus"] = met ? "met" : "breached"
        }
        return context
    }

    /// The plain-text alternative: the same facts as the HTML, for clients that show no HTML.
    var plainText: String {
        let n = notification
        var lines = [n.title, "", "Tenant: \(n.tenant.name)", "Period: \(n.period.label) (\(periodRange), \(n.period.timezone))", ""]
        for tile in kpis {
            let note = (tile["note"] as? String).flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
            lines.append("\(tile["label"] ?? ""): \(tile["value"] ?? "")\(note)")
        }
        if let chart = plan.chart { lines += ["", "Chart: \(chart.title) (shown in the HTML version of this e-mail)"] }
        lines.append("")
        if plan.omittedForSize {
            lines.append("The files total \(MailAttachmentPlan.size(plan.totalBytes)), more than the \(MailAttachmentPlan.size(plan.limit)) "
                + "limit for attachments, so they are not attached. They are stored at:")
        } else if !plan.entries.isEmpty {
            lines.append("Files:")
        }
        for entry in plan.entries {
            let state = switch entry.state {
            case .attached: "attached"
            case .stored: entry.file.path
            case .inline: "shown above; stored at \(entry.file.path)"
            case .missing: "not found on the mail server: \(entry.file.path)"
            }
            lines.append("- \(entry.name) (\(entry.file.format.uppercased()), \(MailAttachmentPlan.size(entry.file.bytes))): \(state)")
        }
        lines += ["", "Generated \(generatedAt) by ninjait-reports \(ReportingVersion.current), run \(n.runId)."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `99.953 %`, `99.90 %`: three decimals, trailing zeros trimmed down to two.
    static func percent(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        if text.hasSuffix("0") { text.removeLast() }
        return text + " %"
    }
}
