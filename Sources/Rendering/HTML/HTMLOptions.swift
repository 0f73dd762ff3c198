/// Options of `HTMLRenderer`.
public struct HTMLOptions: Sendable {
    /// Valued points per chart series at most (200 on phones); longer series are downsampled
    /// with LTTB per gap-free run, and each gap keeps its first and last point on top.
    public var maxChartPoints: Int
    /// Text cells longer than this many characters are shortened with "…" (the files have it all).
    public var maxCellCharacters: Int

    public init(maxChartPoints: Int = 400, maxCellCharacters: Int = 200) {
        self.maxChartPoints = max(3, maxChartPoints)
        self.maxCellCharacters = max(8, maxCellCharacters)
    }
}
