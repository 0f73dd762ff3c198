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
    /// The caption as a translatable message (its English text is `caption`).
    public var captionMessage: ReportMessage?

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

    /// The same table whose caption is `message` (translated by the renderers; English in `caption`).
    public func captioned(_ message: ReportMessage) -> ReportTable {
        var t = self
        t.caption = message.english
        t.captionMessage = message
        return t
    }

    /// The index of the column with `key`, if any.
    public func columnIndex(_ key: String) -> Int? { columns.firstIndex { $0.key == key } }
}
