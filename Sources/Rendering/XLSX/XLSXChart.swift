import CXLSXWriter

/// A native chart of an `XLSXWorkbook` (`lxw_chart*`): its series, title, axes and legend.
///
/// Made by `XLSXWorkbook.addChart(_:)`; the workbook owns and frees it, so it is valid until
/// the workbook is closed, and it appears once `XLSXSheet.insert(_:row:col:)` places it.
/// libxlsxwriter copies every string and option struct it is given, which live only for the call.
struct XLSXChart {
    /// The chart handle, for `XLSXSheet.insert(_:row:col:)`.
    let pointer: UnsafeMutablePointer<lxw_chart>
    private let xAxis: UnsafeMutablePointer<lxw_chart_axis>
    private let yAxis: UnsafeMutablePointer<lxw_chart_axis>

    init(_ pointer: UnsafeMutablePointer<lxw_chart>) throws {
        guard let x = pointer.pointee.x_axis, let y = pointer.pointee.y_axis else {
            throw RenderingError(.xlsx, "libxlsxwriter made a chart without axes")
        }
        self.pointer = pointer
        self.xAxis = x
        self.yAxis = y
    }

    /// Adds a series over rows 1...`rows` of `sheet`: x from `categoryColumn`, y from
    /// `valueColumn`, named by the header cell of `valueColumn`; drawn in `color`.
    func addSeries(sheet: String, categoryColumn: Int, valueColumn: Int, rows: Int, color: UInt32, style: ChartStyle) throws {
        guard let series = chart_add_series(pointer, nil, nil) else {
            throw RenderingError(.xlsx, "libxlsxwriter could not add a series for \(sheet) column \(valueColumn + 1) to a chart")
        }
        sheet.withCString { name in
            chart_series_set_categories(series, name, 1, lxw_col_t(categoryColumn), lxw_row_t(rows), lxw_col_t(categoryColumn))
            chart_series_set_values(series, name, 1, lxw_col_t(valueColumn), lxw_row_t(rows), lxw_col_t(valueColumn))
            chart_series_set_name_range(series, name, 0, lxw_col_t(valueColumn))
        }
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

    /// Title (bold, 12 pt), y-axis name and number formats, a fixed y range, the legend
    /// (below the chart, only for several series), and blanks drawn as gaps.
    func finish(title: String, unit: String, seriesCount: Int, yFormat: String, yRange: ClosedRange<Double>?, xFormat: String) {
        title.withCString { chart_title_set_name(pointer, $0) }
        var font = lxw_chart_font()
        font.size = 12
        font.bold = 1
        chart_title_set_name_font(pointer, &font)
        if !unit.isEmpty { unit.withCString { chart_axis_set_name(yAxis, $0) } }
        yFormat.withCString { chart_axis_set_num_format(yAxis, $0) }
        xFormat.withCString { chart_axis_set_num_format(xAxis, $0) }
        chart_axis_set_label_position(xAxis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
        if let r = yRange {
            chart_axis_set_min(yAxis, r.lowerBound)
            chart_axis_set_max(yAxis, r.upperBound)
        }
        chart_legend_set_position(pointer, UInt8((seriesCount > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE).rawValue))
        chart_show_blanks_as(pointer, UInt8(LXW_CHART_BLANKS_AS_GAP.rawValue))
    }
}
