import Foundation
import Rendering
import Reporting

/// The values of one report e-mail, pre-formatted: the Mustache context and the plain-text body.
///
/// Every value is plain text; the template's `{{name}}` escapes it for HTML. The keys are listed
/// at the top of `templates/email.html.mustache`. Words come from the report's language
/// (`words`, the catalogs' `email.*` keys, English where a key is missing) and numbers, dates and
/// sizes are formatted for its locale by ICU, like the report itself.
struct MailContext {
    let notification: ReportNotification
    let plan: MailAttachmentPlan
    /// The report's words (the notification's `locale`; English without one).
    var words: ReportLocalization = .builtInEnglish
    /// The `Content-ID` of the inline chart (`<img src="cid:...">`), when the plan has one.
    var chartContentID: String? = nil

    init(notification: ReportNotification, plan: MailAttachmentPlan, words: ReportLocalization = .builtInEnglish) {
        self.notification = notification
        self.plan = plan
        self.words = words
        formatter = words.formatter(timeZone: TimeZone(identifier: notification.period.timezone) ?? .gmt)
    }

    /// Formats numbers, dates and sizes for the report's locale in the tenant's zone.
    let formatter: ValueFormatter

    /// The report's title in its language (the definition's own title when the catalog has none).
    var title: String { words.own(["definition.\(notification.definition)"], fallback: notification.title) }

    var subject: String {
        words.text("email.subject", ["title": title, "tenant": notification.tenant.name, "period": notification.period.label])
    }

    /// `10/01/2026 – 10/31/2026`, `01.10.2026 – 31.10.2026` in the tenant's time zone (one date for a one-day period).
    var periodRange: String {
        let iso = ISO8601DateFormatter()
        guard let start = iso.date(from: notification.period.start), let end = iso.date(from: notification.period.end), end > start else {
            return "\(notification.period.start) – \(notification.period.end)"
        }
        let first = formatter.date(start)
        let last = formatter.date(end.addingTimeInterval(-1))
        return first == last ? first : "\(first) – \(last)"
    }

    /// The notification's ISO 8601 `generated_at` as the locale's date and time in UTC, `11/01/2026, 2:15 AM UTC`
    /// (as is when it does not parse).
    var generatedAt: String {
        guard let date = ISO8601DateFormatter().date(from: notification.generatedAt) else { return notification.generatedAt }
        return formatter.dateTime(date, local: false) + " " + words.text("word.utc")
    }

    /// KPI tiles from the summary: availability (against the target), SLA, devices, outages.
    var kpis: [[String: Any]] {
        let s = notification.summary
        var tiles: [[String: Any]] = []
        if let availability = s.availabilityPct {
            var tile: [String: Any] = ["label": words.text("email.kpi_availability"), "value": percent(availability), "color": "#111827"]
            if let target = s.slaTargetPct { tile["note"] = words.text("email.target", ["target": percent(target)]) }
            tiles.append(tile)
        }
        if let met = s.slaMet {
            var tile: [String: Any] = ["label": words.text("email.kpi_sla"), "value": met ? "✓ \(slaStatus(met))" : "✗ \(slaStatus(met))",
                                       "color": met ? "#15803d" : "#b91c1c"]
            if let target = s.slaTargetPct { tile["note"] = words.text("email.target", ["target": percent(target)]) }
            tiles.append(tile)
        }
        tiles.append(["label": words.text("email.kpi_devices"), "value": formatter.integer(Int64(s.devices)), "color": "#111827"])
        if let outages = s.outages {
            tiles.append(["label": words.text("email.kpi_outages"), "value": formatter.integer(Int64(outages)), "color": "#111827"])
        }
        return tiles
    }

    var dictionary: [String: Any] {
        let n = notification
        let files: [[String: Any]] = plan.entries.map { entry in
            ["name": entry.name, "format": entry.file.format.uppercased(), "size": size(entry.file.bytes),
             "path": entry.file.path, "attached": entry.state == .attached, "stored": entry.state == .stored || entry.state == .inline,
             "inline": entry.state == .inline, "missing": entry.state == .missing]
        }
        var context: [String: Any] = [
            "subject": subject, "title": title, "lang": words.locale.identifier, "tenantName": n.tenant.name, "tenantSlug": n.tenant.slug,
            "periodLabel": n.period.label, "periodRange": periodRange, "timezone": n.period.timezone,
            "generatedAt": generatedAt, "definition": n.definition, "kind": n.kind, "runId": n.runId,
            "kpis": kpis, "hasKPIs": !kpis.isEmpty, "files": files, "hasFiles": !files.isEmpty,
            "attachedCount": plan.attachments.count, "hasAttachments": !plan.attachments.isEmpty,
            "attachmentsOmitted": plan.omittedForSize, "totalSize": size(plan.totalBytes),
            "limitSize": size(plan.limit), "hasMissing": plan.entries.contains { $0.state == .missing },
            "generator": "ninjait-reports \(ReportingVersion.current)",
        ]
        context["text"] = text(files: files.count)
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
            context["slaStatus"] = slaStatus(met)
        }
        return context
    }

    /// The plain-text alternative: the same facts as the HTML, for clients that show no HTML.
    var plainText: String {
        let n = notification
        var lines = [title, "", "\(words.text("email.tenant")): \(n.tenant.name)",
                     "\(words.text("email.period")): \(n.period.label) (\(periodRange), \(n.period.timezone))", ""]
        for tile in kpis {
            let note = (tile["note"] as? String).flatMap { $0.isEmpty ? nil : " (\($0))" } ?? ""
            lines.append("\(tile["label"] ?? ""): \(tile["value"] ?? "")\(note)")
        }
        if let chart = plan.chart { lines += ["", words.text("email.chart_in_html", ["title": chart.title])] }
        lines.append("")
        if plan.omittedForSize {
            lines.append(tooLarge)
        } else if !plan.entries.isEmpty {
            lines.append(words.text("email.files_list"))
        }
        for entry in plan.entries {
            let state = switch entry.state {
            case .attached: words.text("email.attached")
            case .stored: entry.file.path
            case .inline: "\(words.text("email.shown_above")); \(entry.file.path)"
            case .missing: words.text("email.not_found", ["path": entry.file.path])
            }
            lines.append("- \(entry.name) (\(entry.file.format.uppercased()), \(size(entry.file.bytes))): \(state)")
        }
        lines += ["", generatedLine]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The template's sentences and labels in the report's language (`{{text.name}}`).
    func text(files: Int) -> [String: String] {
        [
            "slaMet": words.text("email.sla_met"), "slaBreached": words.text("email.sla_breached"),
            "files": words.text("email.files"),
            "attachedCount": words.text("email.attached_count", ["count": formatter.integer(Int64(plan.attachments.count))]),
            "tooLarge": tooLarge, "attached": words.text("email.attached"), "shownAbove": words.text("email.shown_above"),
            "notFound": words.text("email.not_found", ["path": ""]).trimmingCharacters(in: .whitespaces),
            "generated": generatedLine, "automatic": words.text("email.automatic"),
        ]
    }

    var tooLarge: String {
        words.text("email.too_large", ["total": size(plan.totalBytes), "limit": size(plan.limit)])
    }

    var generatedLine: String {
        words.text("email.generated", ["generated": generatedAt, "generator": "ninjait-reports \(ReportingVersion.current)",
                                       "definition": notification.definition, "kind": notification.kind, "run": notification.runId])
    }

    /// `999 B`, `1.2 kB`, `10.0 MB` (`1,2 ko` in fr): decimal units with one decimal, so a total and the limit
    /// it exceeds never print alike; the number in the locale's form, the unit from the catalog.
    func size(_ bytes: Int) -> String {
        let (value, unit) = MailAttachmentPlan.scaled(bytes)
        let symbol = words.text(["email.unit_b", "email.unit_kb", "email.unit_mb", "email.unit_gb", "email.unit_tb"][unit])
        return "\(unit == 0 ? formatter.integer(Int64(bytes)) : formatter.decimal(value, places: 1)) \(symbol)"
    }

    /// The catalog's word for a met or breached SLA (`met`, `erfüllt`).
    func slaStatus(_ met: Bool) -> String {
        met ? words.message(["value.sla_met.met"], fallback: "met") : words.message(["value.sla_met.breached"], fallback: "breached")
    }

    /// `99.953%`, `99,90 %`: three decimals, or two when the third is zero, in the locale's form.
    func percent(_ value: Double) -> String {
        let thousandths = (value * 1000).rounded()
        return formatter.percent(value, places: thousandths.truncatingRemainder(dividingBy: 10) == 0 ? 2 : 3)
    }
}
