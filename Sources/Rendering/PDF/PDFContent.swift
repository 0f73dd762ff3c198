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
    /// The report's language and formats.
    let words: ReportLocalization
    let formatter: ValueFormatter
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

    init(_ doc: ReportDocument, options: PDFOptions, words: ReportLocalization = .builtInEnglish, formatter: ValueFormatter? = nil) throws {
        document = doc
        zone = try doc.timeZone()
        self.words = words
        self.formatter = formatter ?? words.formatter(timeZone: zone)
        let accentHex = doc.tenant.branding.validatedAccent
        accent = RGBColor(hex: accentHex)
        onAccent = RGBColor(hex: HTMLContextBuilder.readableText(on: accentHex))
        accentSoft = RGBColor(hex: HTMLContextBuilder.tint(accentHex, 0.9))
        logo = PDFLogo.decode(doc.tenant.branding)
        var text = HTMLValueText(zone: zone, zoneID: doc.tenant.timeZoneID, maxCharacters: 400, formatter: self.formatter)
        tenantName = doc.tenant.displayName

        periodRange = text.periodRange(doc.period)
        footerText = words.text("pdf.generated", ["generated": text.dateTime(doc.generatedAt, local: false) + " " + words.text("word.utc"),
                                                  "generator": LayoutText.isolated(doc.generator), "zone": doc.tenant.timeZoneID])

        kpis = doc.kpis.map { kpi in
            let (english, color) = PDFTheme.status(kpi.status)
            var status = english
            if let s = kpi.status, let symbol = english?.first {
                status = "\(symbol) " + words.text("status.\(s.rawValue)")
            }
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
                if let n = HTMLContextBuilder.selectionNote(table, shown: selection.rows.count, total: selection.total,
                                                            words: words, formatter: self.formatter) {
                    note = n + " " + words.text(options.appendix ? "table.all_rows_in_appendix" : "table.all_rows_in_files")
                    appendix.append(table)
                }
                body.append(BodyTable(table: table, rows: selection.rows, note: note))
            }
        }
        bodyTables = body
        appendixTables = options.appendix ? appendix : []
    }

    /// The HTML's value formatting in the report's locale, with a longer clip.
    func valueText() -> HTMLValueText {
        HTMLValueText(zone: zone, zoneID: document.tenant.timeZoneID, maxCharacters: 400, formatter: formatter)
    }

    /// "Page N of M" in the report's language.
    func pageText(_ page: Int, _ pages: Int) -> String {
        words.text("pdf.page_of", ["page": formatter.integer(Int64(page)), "pages": formatter.integer(Int64(pages))])
    }
}
