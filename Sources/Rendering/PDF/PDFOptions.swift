/// Options of `PDFRenderer`.
public struct PDFOptions: Sendable {
    /// The paper size of every page.
    public enum Paper: String, Sendable, CaseIterable {
        /// 210 x 297 mm.
        case a4
        /// 8.5 x 11 in.
        case letter

        /// Width and height in PDF points (1/72 in).
        public var size: (width: Double, height: Double) {
            switch self {
            case .a4: return (595.2756, 841.8898)
            case .letter: return (612, 792)
            }
        }
    }

    public var paper: Paper
    /// After the body (KPIs, charts, the tables as the HTML selects them), every table whose
    /// rows the body does not show in full follows with all its rows.
    public var appendix: Bool
    /// Points per chart series at most, as in `HTMLOptions.maxChartPoints` (gap-aware LTTB).
    public var maxChartPoints: Int
    /// Lines a wrapped text cell shows at most; the last is ellipsized (1: never wrap).
    public var maxCellLines: Int

    public init(paper: Paper = .a4, appendix: Bool = true, maxChartPoints: Int = 400, maxCellLines: Int = 3) {
        self.paper = paper
        self.appendix = appendix
        self.maxChartPoints = max(3, maxChartPoints)
        self.maxCellLines = max(1, min(maxCellLines, 20))
    }
}
