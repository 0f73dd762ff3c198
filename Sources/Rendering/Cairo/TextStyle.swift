/// How a piece of text is set: size in user units, weight, figures, line limit and alignment.
struct TextStyle: Hashable, Sendable {
    var size: Double
    var bold = false
    /// Tabular (equal-width) figures, so numbers line up in columns.
    var tabular = false
    /// At most this many lines, the last ellipsized; 0 is no limit. 1 also shows newlines as symbols.
    var maxLines = 0
    var alignment: PangoLayout.Alignment = .left

    init(size: Double, bold: Bool = false, tabular: Bool = false, maxLines: Int = 0,
         alignment: PangoLayout.Alignment = .left) {
        self.size = size
        self.bold = bold
        self.tabular = tabular
        self.maxLines = maxLines
        self.alignment = alignment
    }

    func with(maxLines: Int) -> TextStyle { var s = self; s.maxLines = maxLines; return s }
    func with(alignment: PangoLayout.Alignment) -> TextStyle { var s = self; s.alignment = alignment; return s }
}
