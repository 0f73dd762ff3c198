import CXLSXWriter

/// A worksheet of an `XLSXWorkbook`; valid until the workbook is closed.
///
/// Every call on the worksheet goes through this wrapper, and every `lxw_error` it returns is
/// thrown as `RenderingError(.xlsx)` naming the sheet and the row. The workbook owns and frees
/// the worksheet; libxlsxwriter copies every string it is given, which lives only for the call.
struct XLSXSheet {
    private let pointer: UnsafeMutablePointer<lxw_worksheet>
    let name: String

    init(pointer: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.pointer = pointer
        self.name = name
    }

    @inline(__always) func string(_ row: Int, _ col: Int, _ text: String, _ format: UnsafeMutablePointer<lxw_format>?) throws {
        let status = text.withCString { worksheet_write_string(pointer, lxw_row_t(row), lxw_col_t(col), $0, format) }
        if status != LXW_NO_ERROR { throw XLSXWorkbook.failure(status, "writing text to \(name) row \(row + 1)") }
    }

    @inline(__always) func number(_ row: Int, _ col: Int, _ value: Double, _ format: UnsafeMutablePointer<lxw_format>?) throws {
        let status = worksheet_write_number(pointer, lxw_row_t(row), lxw_col_t(col), value, format)
        if status != LXW_NO_ERROR { throw XLSXWorkbook.failure(status, "writing a number to \(name) row \(row + 1)") }
    }

    @inline(__always) func blank(_ row: Int, _ col: Int, _ format: UnsafeMutablePointer<lxw_format>?) throws {
        guard let format else { return }
        let status = worksheet_write_blank(pointer, lxw_row_t(row), lxw_col_t(col), format)
        if status != LXW_NO_ERROR { throw XLSXWorkbook.failure(status, "writing a blank to \(name) row \(row + 1)") }
    }

    func column(_ col: Int, width: Double) throws {
        try XLSXWorkbook.check(worksheet_set_column(pointer, lxw_col_t(col), lxw_col_t(col), width, nil), "setting column width on \(name)")
    }

    /// Sets the height of `row` in points (in constant-memory mode only before the row is written).
    func row(_ row: Int, height: Double) throws {
        try XLSXWorkbook.check(worksheet_set_row(pointer, lxw_row_t(row), height, nil), "setting the height of \(name) row \(row + 1)")
    }

    /// Makes this the sheet shown when the workbook opens.
    func activate() {
        worksheet_activate(pointer)
    }

    /// Landscape A4, one page wide, header row repeated on every printed page (LibreOffice/PDF export).
    func printSetup(repeatHeader: Bool) throws {
        worksheet_set_landscape(pointer)
        worksheet_set_paper(pointer, 9)
        worksheet_fit_to_pages(pointer, 1, 0)
        if repeatHeader { try XLSXWorkbook.check(worksheet_repeat_rows(pointer, 0, 0), "repeating the header of \(name)") }
    }

    func freezeHeader(rows: Int = 1) {
        worksheet_freeze_panes(pointer, lxw_row_t(rows), 0)
    }

    func autofilter(lastRow: Int, lastCol: Int) throws {
        try XLSXWorkbook.check(worksheet_autofilter(pointer, 0, 0, lxw_row_t(lastRow), lxw_col_t(lastCol)), "setting the autofilter on \(name)")
    }

    /// Places `chart` with its top-left corner in cell (`row`, `col`), 1.5 × 1.2 the default size.
    func insert(_ chart: XLSXChart, row: Int, col: Int) throws {
        var options = lxw_chart_options()
        options.x_scale = 1.5
        options.y_scale = 1.2
        options.x_offset = 8
        options.y_offset = 4
        try XLSXWorkbook.check(worksheet_insert_chart_opt(pointer, lxw_row_t(row), lxw_col_t(col), chart.pointer, &options),
                               "inserting a chart on \(name)")
    }
}
