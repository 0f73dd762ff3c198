import CXLSXWriter
import Foundation

extension XLSXContext {
    /// A title or axis name libxlsxwriter cannot mistake for a formula or range (`=Sheet!A1`).
    static func literal(_ s: String) -> String {
        TextSafety.startsLikeFormula(s) ? " " + s : s
    }

    /// The chart's y-axis number format for a value format.
    static func axisFormat(_ format: ValueFormat) -> String {
        switch format {
        case .percent(let p): return p > 1 ? "0.0%" : "0%"
        case .duration: return "[h]:mm"
        case .integer: return "#,##0"
        case .decimal(let p): return p > 0 ? "#,##0.0" : "#,##0"
        default: return "General"
        }
    }

    private func newChart(_ style: ChartStyle, scatter: Bool) throws -> XLSXChart {
        try book.addChart(style == .bar ? LXW_CHART_COLUMN : (scatter ? LXW_CHART_SCATTER_STRAIGHT : LXW_CHART_LINE))
    }

    /// Series colours: the tenant's accent first, then a fixed palette.
    private func seriesColor(_ index: Int) -> UInt32 {
        let palette: [UInt32] = [accent, 0xE07B00, 0x2E8B57, 0x8E44AD, 0xC0392B, 0x16A085, 0x7F8C8D, 0xD4AC0D]
        return palette[index % palette.count]
    }

    /// A native line (or column) chart of a table's own columns, placed right of the table.
    func addTableChart(_ spec: TableChart, table: ReportTable, sheet: XLSXSheet, rows: Int) throws {
        // No rows, no chart: libxlsxwriter rejects an empty data range.
        guard rows > 0, let xCol = table.columnIndex(spec.x) else { return }
        let chart = try newChart(spec.style, scatter: false)
        var count = 0
        for key in spec.y {
            guard let yCol = table.columnIndex(key) else { continue }
            try chart.addSeries(sheet: sheet.name, categoryColumn: xCol, valueColumn: yCol, rows: rows,
                                color: seriesColor(count), style: spec.style)
            count += 1
        }
        let yFormat = spec.y.first.flatMap { table.columnIndex($0) }.map { Self.axisFormat(table.columns[$0].format) } ?? "General"
        var range = spec.yRange
        if let r = range, let first = spec.y.first.flatMap({ table.columnIndex($0) }), case .percent = table.columns[first].format {
            range = (r.lowerBound / 100)...(r.upperBound / 100)
        }
        let xFormat: String
        if case .date = table.columns[xCol].format { xFormat = "dd mmm" } else { xFormat = "dd mmm hh:mm" }
        chart.finish(title: Self.literal(spec.title), unit: Self.literal(spec.unit), seriesCount: count,
                     yFormat: yFormat, yRange: range, xFormat: xFormat)
        try sheet.insert(chart, row: 1, col: table.columns.count + 1)
    }

    /// The "Charts" sheet: each chart's data (time, value per series) and a native chart per chart.
    mutating func writeCharts(_ charts: [ReportChart]) throws -> String {
        let sheet = try book.addWorksheet(words.text("xlsx.charts"))
        try sheet.printSetup(repeatHeader: false)
        let firstDataCol = 12
        var blocks: [(x: Int, series: ChartSeries)] = []
        var col = firstDataCol
        for chart in charts {
            for s in chart.series {
                blocks.append((col, s))
                col += 2
            }
        }
        for b in blocks {
            try sheet.column(b.x, width: 18)
            try sheet.column(b.x + 1, width: 14)
        }
        var headerIndex = 0
        for (chartIndex, chart) in charts.enumerated() {
            for s in chart.series {
                let b = blocks[headerIndex]
                headerIndex += 1
                try writeText(sheet, 0, b.x, "\(chartIndex + 1). " + words.text("xlsx.time", ["zone": document.tenant.timeZoneID]), style: .header, where: "Charts")
                try writeText(sheet, 0, b.x + 1, "\(s.name) (\(chart.unit))", style: .header, where: "Charts")
            }
        }
        let longest = blocks.map(\.series.points.count).max() ?? 0
        for r in 0..<longest {
            for b in blocks where r < b.series.points.count {
                let p = b.series.points[r]
                try sheet.number(r + 1, b.x, excelTime(p.x, local: true), try format(.datetime))
                if let y = p.y, y.isFinite { try sheet.number(r + 1, b.x + 1, y, try format(.decimal(2))) }
            }
        }
        var blockIndex = 0
        for (k, spec) in charts.enumerated() {
            // libxlsxwriter rejects a chart without series: a chart with no data gets no chart object.
            guard spec.series.contains(where: { !$0.points.isEmpty }) else {
                blockIndex += spec.series.count
                continue
            }
            let chart = try newChart(spec.style, scatter: spec.style == .line)
            for (j, s) in spec.series.enumerated() {
                let b = blocks[blockIndex]
                blockIndex += 1
                guard !s.points.isEmpty else { continue }
                try chart.addSeries(sheet: sheet.name, categoryColumn: b.x, valueColumn: b.x + 1, rows: s.points.count,
                                    color: seriesColor(j), style: spec.style)
            }
            let span = (spec.series.flatMap(\.points).map(\.x).max() ?? Date()).timeIntervalSince(spec.series.flatMap(\.points).map(\.x).min() ?? Date())
            chart.finish(title: Self.literal(spec.title), unit: Self.literal(spec.unit), seriesCount: spec.series.count,
                         yFormat: "#,##0.0", yRange: spec.yRange, xFormat: span > 3 * 86_400 ? "dd mmm" : "dd mmm hh:mm")
            try sheet.insert(chart, row: 1 + k * 19, col: 0)
        }
        return sheet.name
    }
}
