/// The cell styles the renderer uses, created once per workbook and cached.
enum XLSXStyle: Hashable {
    case title, subtitle, sectionHeader, label, header
    case text, integer, decimal(Int), percent(Int), duration, datetime, date
    case statusOK, statusWarning, statusBreached, note
}
