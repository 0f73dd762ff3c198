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
