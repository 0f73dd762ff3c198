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
