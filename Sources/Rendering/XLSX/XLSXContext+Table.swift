import CXLSXWriter
import Foundation

extension XLSXContext {
    struct SheetPart {
        var sheet: XLSXSheet
        var name: String
        var rows: Int
    }

    struct TableResult {
        var sheets: [SheetPart]
    }

    /// Header text of a column: the title, with the zone for timestamps.
    func headerTitle(_ column: ReportColumn) -> String {
        switch column.format {
        case .timestamp(local: true): return "\(column.title) (\(document.tenant.timeZoneID))"
        case .timestamp(local: false): return "\(column.title) (\(words.text("word.utc")))"
        default: return column.title
        }
    }

    func defaultWidth(_ column: ReportColumn) -> Double {
        if let w = column.width { return w }
        let title = Double(headerTitle(column).count) + 2
        switch column.format {
        case .text: return min(max(title, 18), 50)
        case .timestamp: return max(title, 20)
        case .date: return max(title, 12)
        case .duration: return max(title, 12)
        default: return min(max(title, 10), 30)
        }
    }

    /// Starts a sheet for `table`: widths, header, frozen first row.
    mutating func startSheet(_ table: ReportTable, part: Int) throws -> XLSXSheet {
        let base = table.sheetName ?? table.title
        let sheet = try book.addWorksheet(part == 1 ? base : "\(base) (\(part))")
        for (i, c) in table.columns.enumerated() { try sheet.column(i, width: defaultWidth(c)) }
        try sheet.row(0, height: 30)
        for (i, c) in table.columns.enumerated() {
            try writeText(sheet, 0, i, headerTitle(c), style: .header, where: "\(sheet.name) header")
        }
        sheet.freezeHeader()
        try sheet.printSetup(repeatHeader: true)
        return sheet
    }

    /// Streams `table` into one or more sheets; adds a native chart to the first when it has one.
    mutating func writeTable(_ table: ReportTable) throws -> TableResult {
        var iterator = try table.rows.makeIterator()
        let perSheet = options.maxRowsPerSheet - 1
        var parts: [SheetPart] = []
        var sheet = try startSheet(table, part: 1)
        parts.append(SheetPart(sheet: sheet, name: sheet.name, rows: 0))
        var rowInSheet = 0
        var total = 0
        var dropped = 0
        let formats = table.columns.map(\.format)
        while let row = try iterator.nextRow(table: table.name) {
            guard row.values.count == formats.count else {
                throw RenderingError(.invalidDocument, "table \(table.name) row \(total + 1) has \(row.values.count) values for \(formats.count) columns")
            }
            if rowInSheet == perSheet {
                if options.overflow == .truncate {
                    dropped += 1
                    while try iterator.nextRow(table: table.name) != nil { dropped += 1 }
                    break
                }
                try finishSheet(parts[parts.count - 1], columns: table.columns.count)
                sheet = try startSheet(table, part: parts.count + 1)
                parts.append(SheetPart(sheet: sheet, name: sheet.name, rows: 0))
                rowInSheet = 0
            }
            rowInSheet += 1
            total += 1
            for i in 0..<formats.count {
                try writeValue(sheet, rowInSheet, i, row.values[i], formats[i], breached: row.breached,
                               where: "\(sheet.name) row \(rowInSheet + 1)")
            }
            parts[parts.count - 1].rows = rowInSheet
        }
        try finishSheet(parts[parts.count - 1], columns: table.columns.count)
        if parts.count > 1 {
            notes.append(words.text("xlsx.table_split", ["table": table.title, "count": String(total), "limit": String(options.maxRowsPerSheet),
                                                         "sheets": parts.dropFirst().map { "\"\($0.name)\"" }.joined(separator: ", ")]))
        }
        if dropped > 0 {
            notes.append(words.text("xlsx.table_truncated", ["table": table.title, "count": String(total), "dropped": String(dropped),
                                                             "file": table.name + ".csv"]))
        }
        if let chart = table.chart, parts[0].rows > 0 {
            try addTableChart(chart, table: table, sheet: parts[0].sheet, rows: parts[0].rows)
        }
        return TableResult(sheets: parts)
    }

    private func finishSheet(_ part: SheetPart, columns: Int) throws {
        try part.sheet.autofilter(lastRow: max(part.rows, 1), lastCol: columns - 1)
    }

    /// Writes one typed value: numbers as numbers, text as text, instants as Excel date-times.
    @inline(__always)
    mutating func writeValue(_ sheet: XLSXSheet, _ row: Int, _ col: Int, _ value: ReportValue, _ format: ValueFormat,
                             breached: Bool, where place: @autoclosure () -> String) throws {
        switch value {
        case .missing:
            if breached { try sheet.blank(row, col, try self.format(XLSXContext.style(format), breached: true)) }
        case .text(let s):
            try writeText(sheet, row, col, s, breached: breached, where: place())
        case .integer(let v):
            try writeNumber(sheet, row, col, Double(v), format, breached: breached)
        case .number(let d):
            guard d.isFinite else {
                if breached { try sheet.blank(row, col, try self.format(.text, breached: true)) }
                return
            }
            try writeNumber(sheet, row, col, d, format, breached: breached)
        case .instant(let date):
            switch format {
            case .date:
                let day = offsets.localDate(DateText.seconds(date))
                try sheet.number(row, col, Double(day.daysSinceEpoch + 25_569), try self.format(.date, breached: breached))
            case .timestamp(let local):
                try sheet.number(row, col, excelTime(date, local: local), try self.format(.datetime, breached: breached))
            default:
                try sheet.number(row, col, excelTime(date, local: false), try self.format(.datetime, breached: breached))
            }
        case .date(let d):
            try sheet.number(row, col, Double(d.daysSinceEpoch + 25_569), try self.format(.date, breached: breached))
        }
    }

    @inline(__always)
    private func writeNumber(_ sheet: XLSXSheet, _ row: Int, _ col: Int, _ v: Double, _ format: ValueFormat, breached: Bool) throws {
        switch format {
        case .percent: try sheet.number(row, col, v / 100, try self.format(XLSXContext.style(format), breached: breached))
        case .duration: try sheet.number(row, col, v / 86_400, try self.format(.duration, breached: breached))
        case .text, .timestamp, .date: try sheet.number(row, col, v, try self.format(.decimal(2), breached: breached))
        default: try sheet.number(row, col, v, try self.format(XLSXContext.style(format), breached: breached))
        }
    }

    static func style(_ format: ValueFormat) -> XLSXStyle { XLSXWorkbook.style(for: format) }
}
