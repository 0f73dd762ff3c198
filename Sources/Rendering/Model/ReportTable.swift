import Foundation

/// One column of a table: a machine key (CSV header), a human title (XLSX/HTML header) and a format.
///
/// `key` should be snake_case and stable (`availability_pct`): it is the CSV header and
/// the way `HTMLRowSelection.top` and `TableChart` refer to the column. `width` is the XLSX
/// column width in characters (nil: derived from the format and the title).
public struct ReportColumn: Hashable, Sendable {
    public var key: String
    public var title: String
    public var format: ValueFormat
    public var width: Double?
    /// False for machine columns (ids) that belong in CSV and XLSX but would only crowd the HTML.
    public var inHTML: Bool

    public init(_ key: String, _ title: String, _ format: ValueFormat, width: Double? = nil, inHTML: Bool = true) {
        self.key = key
        self.title = title
        self.format = format
        self.width = width
        self.inHTML = inHTML
    }
}

/// One row: one value per column, in column order, and whether the row breached its SLA (red fill).
public struct ReportRow: Hashable, Sendable {
    public var values: [ReportValue]
    public var breached: Bool

    public init(_ values: [ReportValue], breached: Bool = false) {
        self.values = values
        self.breached = breached
    }
}

/// Which rows of a table the HTML shows (CSV and XLSX always get every row).
public enum HTMLRowSelection: Hashable, Sendable {
    /// Every row (small tables: summary, daily trend).
    case all
    /// The first `n` rows in source order.
    case first(Int)
    /// The `n` rows with the lowest (`ascending`) or highest value of the column `key`;
    /// ties keep source order; missing values sort last.
    case top(Int, by: String, ascending: Bool)
    /// The table is left out of the HTML (it stays in CSV and XLSX).
    case none
}

/// A chart drawn from a table's own columns: a native line chart next to the XLSX sheet and an SVG in HTML.
///
/// `x` names a timestamp or date column, `y` one or more numeric columns (one series each).
public struct TableChart: Hashable, Sendable {
    public var title: String
    public var x: String
    public var y: [String]
    public var unit: String
    public var style: ChartStyle
    public var referenceLines: [ChartReferenceLine]
    public var yRange: ClosedRange<Double>?

    public init(title: String, x: String, y: [String], unit: String, style: ChartStyle = .line,
                referenceLines: [ChartReferenceLine] = [], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.x = x
        self.y = y
        self.unit = unit
        self.style = style
        self.referenceLines = referenceLines
        self.yRange = yRange
    }
}

/// A titled table with typed columns whose rows are streamed from a `ReportRowSource`.
///
/// `name` is the file stem of its CSV (`devices` → `devices.csv`) and must be unique in the
/// document; `sheetName` (default: `title`) names its XLSX sheet, sanitised to Excel's rules.
public struct ReportTable: Sendable {
    public var name: String
    public var title: String
    public var columns: [ReportColumn]
    public var rows: ReportRowSource
    public var html: HTMLRowSelection
    public var chart: TableChart?
    public var sheetName: String?
    /// Shown under the table in HTML and in the XLSX Summary (e.g. what "breached" means).
    public var caption: String?

    public init(name: String, title: String, columns: [ReportColumn], rows: ReportRowSource,
                html: HTMLRowSelection = .first(10), chart: TableChart? = nil,
                sheetName: String? = nil, caption: String? = nil) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.html = html
        self.chart = chart
        self.sheetName = sheetName
        self.caption = caption
    }

    /// The index of the column with `key`, if any.
    public func columnIndex(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }
}
