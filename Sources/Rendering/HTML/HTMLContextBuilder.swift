import Analytics
import Foundation

/// Turns a `ReportDocument` into the Mustache context: dictionaries and arrays of plain strings.
///
/// Keys are documented in `templates/report.html.mustache`. Booleans (`hasX`) drive sections
/// so that empty strings never render empty boxes.
struct HTMLContextBuilder {
    let document: ReportDocument
    let options: HTMLOptions
    var catalogs = MessageCatalogs()

    func build() throws -> [String: Any] {
        let zone = try document.timeZone()
        let words = catalogs.localization(for: document.locale)
        let formatter = words.formatter(timeZone: zone)
        let doc = document.localized(words, formatter: formatter)
        let accent = doc.tenant.branding.validatedAccent
        var text = HTMLValueText(zone: zone, zoneID: doc.tenant.timeZoneID, maxCharacters: options.maxCellCharacters, formatter: formatter)
        var svg = SVGChart(zone: zone, accent: accent, maxPoints: options.maxChartPoints)
        svg.formatter = formatter

        // Period: the month or day by name, else [start, end) as first and last local day.
        let periodRange = text.periodRange(doc.period)
        let generatedAt = text.dateTime(doc.generatedAt, local: false) + " " + words.text("word.utc")

        var context: [String: Any] = [
            "lang": doc.locale.identifier,
            "keyFiguresHeading": words.text("html.key_figures"),
            "notesHeading": words.text("html.notes"),
            "footerGenerated": words.text("html.generated", ["generated": generatedAt, "generator": doc.generator, "zone": doc.tenant.timeZoneID]),
            "footerFiles": words.text("html.files"),
            "title": text.clip(doc.title),
            "kind": doc.kind,
            "tenantName": text.clip(doc.tenant.displayName),
            "periodLabel": doc.period.label,
            "periodRange": periodRange,
            "timeZone": doc.tenant.timeZoneID,
            "generatedAt": generatedAt,
            "generator": doc.generator,
            "accent": accent,
            "onAccent": Self.readableText(on: accent),
            "accentSoft": Self.tint(accent, 0.9),
        ]
        if let logo = doc.tenant.branding.validatedLogo { context["logo"] = logo }

        let kpis: [[String: Any]] = doc.kpis.map { kpi in
            var k: [String: Any] = ["label": text.clip(kpi.label), "value": text.text(kpi.value, kpi.format)]
            let (statusText, color): (String?, String) = switch kpi.status {
            case .ok?: ("✓ " + words.text("status.ok"), "#15803d")
            case .warning?: ("! " + words.text("status.warning"), "#b45309")
            case .breached?: ("✗ " + words.text("status.breached"), "#b91c1c")
            case nil: (nil, "#d1d5db")
            }
            k["statusColor"] = color
            if let statusText { k["status"] = statusText }
            if let hint = kpi.hint, !hint.isEmpty { k["hint"] = text.clip(hint) }
            return k
        }
        context["kpis"] = kpis
        context["hasKPIs"] = !kpis.isEmpty

        var charts: [[String: Any]] = []
        func addChart(_ chart: ReportChart) {
            var narrow = svg
            narrow.narrow = true
            var c: [String: Any] = ["title": text.clip(chart.title), "svg": svg.render(chart), "svgNarrow": narrow.render(chart)]
            var legend: [[String: Any]] = []
            if chart.series.count > 1 {
                for (i, s) in chart.series.enumerated() { legend.append(["name": text.clip(s.name), "color": svg.color(i), "dash": false]) }
            }
            for r in chart.referenceLines { legend.append(["name": text.clip(r.label), "color": "#dc2626", "dash": true]) }
            c["legend"] = legend
            c["hasLegend"] = !legend.isEmpty
            charts.append(c)
        }
        for table in doc.tables {
            if let spec = table.chart { addChart(try spec.chart(of: table, zone: zone)) }
        }
        for chart in doc.charts { addChart(chart) }
        context["charts"] = charts
        context["hasCharts"] = !charts.isEmpty

        var tables: [[String: Any]] = []
        for table in doc.tables where table.html != .none {
            tables.append(try tableContext(table, text: &text, words: words))
        }
        context["tables"] = tables
        context["hasTables"] = !tables.isEmpty
        let notes = doc.notes.map { text.clip($0) }
        context["notes"] = notes
        context["hasNotes"] = !notes.isEmpty
        return context
    }

    private func tableContext(_ table: ReportTable, text: inout HTMLValueText, words: ReportLocalization) throws -> [String: Any] {
        let selection = try HTMLTableSelection.select(table)
        let aligns = table.columns.map { $0.format.isNumeric ? "right" : "left" }
        let shown = table.columns.indices.filter { table.columns[$0].inHTML }
        let headers: [[String: Any]] = shown.map { i in
            let c = table.columns[i]
            var title = c.title
            if case .timestamp(local: false) = c.format { title += " (" + words.text("word.utc") + ")" }
            return ["title": text.clip(title), "align": aligns[i]]
        }
        var rows: [[String: Any]] = []
        for row in selection.rows {
            var cells: [[String: Any]] = []
            for i in shown {
                let c = table.columns[i]
                let value = i < row.values.count ? row.values[i] : .missing
                var style = c.format == .text ? "white-space:normal;min-width:80px;max-width:320px;word-break:break-word;" : "white-space:nowrap;"
                if i == shown.first && row.breached { style += "border-left:3px solid #dc2626;" }
                cells.append(["text": text.text(value, c.format), "align": aligns[i], "style": style])
            }
            rows.append(["cells": cells, "rowStyle": row.breached ? "background:#fdecec;color:#7f1d1d;" : ""])
        }
        var t: [String: Any] = [
            "title": text.clip(table.title), "headers": headers, "rows": rows,
            "empty": selection.total == 0, "hasRows": selection.total > 0, "emptyText": words.text("table.empty"),
        ]
        if let note = Self.selectionNote(table, shown: selection.rows.count, total: selection.total, words: words, formatter: text.formatter) {
            t["selectionNote"] = note + " " + words.text("table.all_rows_in_files")
        }
        if let caption = table.caption, !caption.isEmpty { t["caption"] = text.clip(caption) }
        return t
    }

    /// "Showing 10 of 100 rows, lowest availability first." in the report's language; nil when every row is shown.
    static func selectionNote(_ table: ReportTable, shown: Int, total: Int, words: ReportLocalization, formatter: ValueFormatter) -> String? {
        guard shown < total else { return nil }
        var args = ["shown": formatter.integer(Int64(shown)), "total": formatter.integer(Int64(total))]
        if case .top(_, let key, let ascending) = table.html, let col = table.columnIndex(key) {
            args["column"] = table.columns[col].title
            args["column_lower"] = table.columns[col].title.lowercased(with: formatter.locale.foundation)
            return words.text(ascending ? "table.showing_lowest" : "table.showing_highest", args)
        }
        return words.text("table.showing", args)
    }

    /// Black or white, whichever reads better on `hex`.
    static func readableText(on hex: String) -> String {
        let (r, g, b) = rgb(hex)
        let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        return luminance > 0.6 ? "#111827" : "#ffffff"
    }

    /// `hex` mixed with white (`amount` 0...1 of white).
    static func tint(_ hex: String, _ amount: Double) -> String {
        let (r, g, b) = rgb(hex)
        func c(_ v: Double) -> String {
            let n = Int(((v + (1 - v) * amount) * 255).rounded())
            let s = String(n, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + c(r) + c(g) + c(b)
    }

    private static func rgb(_ hex: String) -> (Double, Double, Double) {
        let v = UInt32(hex.dropFirst(), radix: 16) ?? 0
        return (Double((v >> 16) & 0xFF) / 255, Double((v >> 8) & 0xFF) / 255, Double(v & 0xFF) / 255)
    }
}
