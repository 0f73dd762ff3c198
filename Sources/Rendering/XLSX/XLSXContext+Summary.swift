import Foundation

extension XLSXContext {
    /// The top of the Summary sheet (title, tenant, period, time zone, generation, key figures); returns the next free row.
    mutating func writeSummaryHead(_ sheet: XLSXSheet) throws -> Int {
        try sheet.column(0, width: 30)
        try sheet.column(1, width: 42)
        try sheet.column(2, width: 14)
        try sheet.column(3, width: 40)
        try sheet.printSetup(repeatHeader: false)
        try sheet.row(0, height: 24)
        let doc = document
        try writeText(sheet, 0, 0, doc.title, style: .title, where: "Summary title")
        try writeText(sheet, 1, 0, "\(doc.tenant.displayName) · \(doc.period.label)", style: .subtitle, where: "Summary")
        let zoneArg = ["zone": doc.tenant.timeZoneID]
        let meta: [(String, ReportValue, ValueFormat)] = [
            (words.text("xlsx.tenant"), .text(doc.tenant.displayName), .text),
            (words.text("xlsx.tenant_id"), .text(doc.tenant.id), .text),
            (words.text("xlsx.period"), .text(doc.period.label), .text),
            (words.text("xlsx.period_start", zoneArg), .instant(doc.period.start), .timestamp(local: true)),
            (words.text("xlsx.period_end", zoneArg), .instant(doc.period.end), .timestamp(local: true)),
            (words.text("xlsx.time_zone"), .text(doc.tenant.timeZoneID), .text),
            (words.text("xlsx.generated_at"), .instant(doc.generatedAt), .timestamp(local: false)),
            (words.text("xlsx.generator"), .text(doc.generator), .text),
        ]
        var row = 3
        for (label, value, fmt) in meta {
            try writeText(sheet, row, 0, label, style: .label, where: "Summary")
            try writeValue(sheet, row, 1, value, fmt, breached: false, where: "Summary \(label)")
            row += 1
        }
        guard !doc.kpis.isEmpty else { return row + 1 }
        row += 1
        try writeText(sheet, row, 0, words.text("xlsx.key_figures"), style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 1, words.text("xlsx.value"), style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 2, words.text("xlsx.status"), style: .sectionHeader, where: "Summary")
        try writeText(sheet, row, 3, words.text("xlsx.note"), style: .sectionHeader, where: "Summary")
        row += 1
        for kpi in doc.kpis {
            try writeText(sheet, row, 0, kpi.label, style: .label, where: "Summary")
            try writeValue(sheet, row, 1, kpi.value, kpi.format, breached: kpi.status == .breached, where: "KPI \(kpi.label)")
            if let status = kpi.status {
                let (text, style): (String, XLSXStyle) = switch status {
                case .ok: (words.text("status.ok"), .statusOK)
                case .warning: (words.text("status.warning"), .statusWarning)
                case .breached: (words.text("status.breached"), .statusBreached)
                }
                try sheet.string(row, 2, text, try format(style))
            }
            if let hint = kpi.hint { try writeText(sheet, row, 3, hint, style: .note, where: "KPI \(kpi.label)") }
            row += 1
        }
        return row + 1
    }

    /// The rest of the Summary from row `start`: the contents (sheets and their rows) and every note.
    mutating func writeSummaryTail(_ sheet: XLSXSheet, from start: Int, contents: [(sheet: String, title: String, rows: Int, caption: String?)]) throws -> Int {
        var row = start
        if !contents.isEmpty {
            try writeText(sheet, row, 0, words.text("xlsx.sheet"), style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 1, words.text("xlsx.contents"), style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 2, words.text("xlsx.rows"), style: .sectionHeader, where: "Summary")
            try writeText(sheet, row, 3, "", style: .sectionHeader, where: "Summary")
            row += 1
            for c in contents {
                try writeText(sheet, row, 0, c.sheet, where: "Summary")
                try writeText(sheet, row, 1, c.title, where: "Summary")
                if c.title != words.text("xlsx.charts") { try sheet.number(row, 2, Double(c.rows), try format(.integer)) }
                if let caption = c.caption { try writeText(sheet, row, 3, caption, style: .note, where: "Summary") }
                row += 1
            }
            row += 1
        }
        let allNotes = document.notes + notes
        if !allNotes.isEmpty {
            try writeText(sheet, row, 0, words.text("xlsx.notes"), style: .sectionHeader, where: "Summary")
            row += 1
            for note in allNotes {
                try writeText(sheet, row, 0, note, style: .note, where: "Summary note")
                row += 1
            }
        }
        return row
    }
}
