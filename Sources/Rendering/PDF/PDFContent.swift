import Foundation

/// What the PDF shows, prepared once for both passes: texts, colours, the logo, the charts'
/// series, and the tables with the rows the body shows (only those are held in memory).
struct PDFContent {
    struct KPICard {
        var label: String
        var value: String
        var status: String?
        var color: RGBColor
        var hint: String?
    }

    /// A table in the body: the rows the HTML selects (nil: every row, streamed from the source).
    struct BodyTable {
        var table: ReportTable
        var rows: [ReportRow]?
        var note: String?
    }

    let document: ReportDocument
    let zone: TimeZone
    let accent: RGBColor
    let onAccent: RGBColor
    let accentSoft: RGBColor
    let logo: CairoSurface?
    let tenantName: String
    let periodRange: String
    let footerText: String
    let kpis: [KPICard]
    let charts: [ReportChart]
    let bodyTables: [BodyTable]
    let appendixTables: [ReportTable]

    init(_ doc: ReportDocument, options: PDFOptions) throws {
        document = doc
        zone = try doc.timeZone()
        let accentHex = doc.tenant.branding.validatedAccent
        accent = RGBColor(hex: accentHex)
        onAccent = RGBColor(hex: HTMLContextBuilder.readableText(on: accentHex))
        accentSoft = RGBColor(hex: HTMLContextBuilder.tint(accentHex, 0.9))
        logo = PDFLogo.decode(doc.tenant.branding)
        var text = PDFContent.valueText(zone: zone, doc: doc)
        tenantName = doc.tenant.displayName

        let lastInstant = doc.period.end.addingTimeInterval(-1)
        periodRange = doc.period.end.timeIntervalSince(doc.period.start) >= 86_400
            ? "\(text.longDate(doc.period.start)) – \(text.longDate(lastInstant))"
            : "\(text.dateTime(doc.period.start, local: true)) – \(text.dateTime(doc.period.end, local: true))"
        footerText = "Generated \(text.dateTime(doc.generatedAt, local: false)) UTC by \(LayoutText.isolated(doc.generator)). "
            + "Times are shown in \(doc.tenant.timeZoneID) unless marked UTC."

        kpis = doc.kpis.map { kpi in
            let (status, color) = PDFTheme.status(kpi.status)
            let hint = kpi.hint.flatMap { $0.isEmpty ? nil : $0 }
            return KPICard(label: kpi.label, value: text.text(kpi.value, kpi.format), status: status, color: color, hint: hint)
        }

        var charts: [ReportChart] = []
        for table in doc.tables {
            if let spec = table.chart { charts.append(try spec.chart(of: table, zone: zone)) }
        }
        charts += doc.charts
        self.charts = charts

        var body: [BodyTable] = []
        var appendix: [ReportTable] = []
        for table in doc.tables {
            switch table.html {
            case .none:
                appendix.append(table)
            case .all:
                body.append(BodyTable(table: table, rows: nil, note: nil))
            case .first, .top:
                let selection = try HTMLTableSelection.select(table)
                var note: String? = nil
                if selection.rows.count < selection.total {
                    var n = "Showing \(NumberText.grouped(Int64(selection.rows.count))) of \(NumberText.grouped(Int64(selection.total))) rows"
                    if case .top(_, let key, let ascending) = table.html, let col = table.columnIndex(key) {
                        n += ", \(ascending ? "lowest" : "highest") \(table.columns[col].title.lowercased()) first"
                    }
                    note = n + (options.appendix ? ". All rows are in the appendix." : ". All rows are in the XLSX and CSV files.")
                    appendix.append(table)
                }
                body.append(BodyTable(table: table, rows: selection.rows, note: note))
            }
        }
        bodyTables = body
        appendixTables = options.appendix ? appendix : []
    }

    /// The HTML's value formatting (grouped numbers, "99.950 %", local times), with a longer clip.
    static func valueText(zone: TimeZone, doc: ReportDocument) -> HTMLValueText {
        HTMLValueText(zone: zone, zoneID: doc.tenant.timeZoneID, maxCharacters: 400)
    }
}
