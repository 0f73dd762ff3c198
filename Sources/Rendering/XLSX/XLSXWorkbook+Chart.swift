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

    private func newChart(_ style: ChartStyle, scatter: Bool) throws -> UnsafeMutablePointer<lxw_chart> {
        let type: lxw_chart_type = style == .bar ? LXW_CHART_COLUMN : (scatter ? LXW_CHART_SCATTER_STRAIGHT : LXW_CHART_LINE)
        guard let chart = workbook_add_chart(try book.workbook, UInt8(type.rawValue)) else {
            throw RenderingError(.xlsx, "libxlsxwriter could not create a chart")
        }
        return chart
    }

    private func styleSeries(_ series: UnsafeMutablePointer<lxw_chart_series>, index: Int, style: ChartStyle) {
        let palette: [UInt32] = [accent, 0xE07B00, 0x2E8B57, 0x8E44AD, 0xC0392B, 0x16A085, 0x7F8C8D, 0xD4AC0D]
        let color = palette[index % palette.count]
        if style == .bar {
            var fill = lxw_chart_fill()
            fill.color = color
            chart_series_set_fill(series, &fill)
        } else {
            var line = lxw_chart_line()
            line.color = color
            line.width = 2.0
            chart_series_set_line(series, &line)
            chart_series_set_marker_type(series, UInt8(LXW_CHART_MARKER_NONE.rawValue))
        }
    }

    private func finish(_ chart: UnsafeMutablePointer<lxw_chart>, title: String, unit: String, seriesCount: Int,
                        yFormat: String, yRange: ClosedRange<Double>?, xFormat: String) {
        Self.literal(title).withCString { chart_title_set_name(chart, $0) }
        var font = lxw_chart_font()
        font.size = 12
        font.bold = 1
        chart_title_set_name_font(chart, &font)
        let y = chart.pointee.y_axis!
        let x = chart.pointee.x_axis!
        if !unit.isEmpty { Self.literal(unit).withCString { chart_axis_set_name(y, $0) } }
        yFormat.withCString { chart_axis_set_num_format(y, $0) }
        xFormat.withCString { chart_axis_set_num_format(x, $0) }
        chart_axis_set_label_position(x, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
        if let r = yRange {
            chart_axis_set_min(y, r.lowerBound)
            chart_axis_set_max(y, r.upperBound)
        }
        chart_legend_set_position(chart, UInt8((seriesCount > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE).rawValue))
        chart_show_blanks_as(chart, UInt8(LXW_CHART_BLANKS_AS_GAP.rawValue))
    }

    private func insert(_ chart: UnsafeMutablePointer<lxw_chart>, sheet: XLSXSheet, row: Int, col: Int) throws {
        var opts = lxw_chart_options()
        opts.x_scale = 1.5
        opts.y_scale = 1.2
        opts.x_offset = 8
        opts.y_offset = 4
        try XLSXWorkbook.check(worksheet_insert_chart_opt(sheet.pointer, lxw_row_t(row), lxw_col_t(col), chart, &opts),
                               "inserting a chart on \(sheet.name)")
    }

    /// A native line (or column) chart of a table's own columns, placed right of the table.
    func addTableChart(_ spec: TableChart, table: ReportTable, sheet: XLSXSheet, rows: Int) throws {
        // No rows, no chart: libxlsxwriter rejects an empty data range.
        guard rows > 0, let xCol = table.columnIndex(spec.x) else { return }
        let chart = try newChart(spec.style, scatter: false)
        var count = 0
        for key in spec.y {
            guard let yCol = table.columnIndex(key) else { continue }
            guard let series = chart_add_series(chart, nil, nil) else { continue }
            sheet.name.withCString { name in
                chart_series_set_categories(series, name, 1, lxw_col_t(xCol), lxw_row_t(rows), lxw_col_t(xCol))
                chart_series_set_values(series, name, 1, lxw_col_t(yCol), lxw_row_t(rows), lxw_col_t(yCol))
                chart_series_set_name_range(series, name, 0, lxw_col_t(yCol))
            }
            styleSeries(series, index: count, style: spec.style)
            count += 1
        }
        let yFormat = spec.y.first.flatMap { table.columnIndex($0) }.map { Self.axisFormat(table.columns[$0].format) } ?? "General"
        var range = spec.yRange
        if let r = range, let first = spec.y.first.flatMap({ table.columnIndex($0) }), case .percent = table.columns[first].format {
            range = (r.lowerBound / 100)...(r.upperBound / 100)
        }
        let xFormat: String
        if case .date = table.columns[xCol].format { xFormat = "dd mmm" } else { xFormat = "dd mmm hh:mm" }
        finish(chart, title: spec.title, unit: spec.unit, seriesCount: count, yFormat: yFormat, yRange: range, xFormat: xFormat)
        try insert(chart, sheet: sheet, row: 1, col: table.columns.count + 1)
    }

    /// The "Charts" sheet: each chart's data (time, value per series) and a native chart per chart.
    mutating func writeCharts(_ charts: [ReportChart]) throws -> String {
        let sheet = try book.addWorksheet("Charts")
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
        for (chartIndex, chart) in charts.enumerated() {
            for s in chart.series {
                guard let b = blocks.first(where: { $0.series == s }) else { continue }
                try writeText(sheet, 0, b.x, "\(chartIndex + 1). Time (\(document.tenant.timeZoneID))", style: .header, where: "Charts")
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
                guard !s.points.isEmpty, let series = chart_add_series(chart, nil, nil) else { continue }
                sheet.name.withCString { name in
                    chart_series_set_categories(series, name, 1, lxw_col_t(b.x), lxw_row_t(s.points.count), lxw_col_t(b.x))
                    chart_series_set_values(series, name, 1, lxw_col_t(b.x + 1), lxw_row_t(s.points.count), lxw_col_t(b.x + 1))
                    chart_series_set_name_range(series, name, 0, lxw_col_t(b.x + 1))
                }
                styleSeries(series, index: j, style: spec.style)
            }
            let span = (spec.series.flatMap(\.points).map(\.x).max() ?? Date()).timeIntervalSince(spec.series.flatMap(\.points).map(\.x).min() ?? Date())
            finish(chart, title: spec.title, unit: spec.unit, seriesCount: spec.series.count, yFormat: "#,##0.0",
                   yRange: spec.yRange, xFormat: span > 3 * 86_400 ? "dd mmm" : "dd mmm hh:mm")
            try insert(chart, sheet: sheet, row: 1 + k * 19, col: 0)
        }
        return sheet.name
    }
}
