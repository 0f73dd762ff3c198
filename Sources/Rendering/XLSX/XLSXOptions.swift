import Foundation

/// Options of `XLSXRenderer`.
public struct XLSXOptions: Sendable {
    /// When libxlsxwriter's constant-memory mode is used (rows streamed to a temp file).
    public enum ConstantMemory: Sendable, Hashable {
        case never
        case always
        /// When a table has more than this many rows, or an unknown count.
        case aboveRows(Int)
    }

    /// What happens to a table longer than one sheet (`maxRowsPerSheet` including the header).
    public enum Overflow: Sendable, Hashable {
        /// Continue on new sheets named "Devices (2)", "Devices (3)", ...
        case split
        /// Stop at the sheet limit; the Summary notes how many rows were left out.
        case truncate
    }

    public var constantMemory: ConstantMemory
    /// Where constant-memory temp files go (nil: the system default).
    public var temporaryDirectory: URL?
    public var overflow: Overflow
    /// Excel's limit, 1,048,576 rows; smaller only to test splitting.
    public var maxRowsPerSheet: Int

    public init(constantMemory: ConstantMemory = .aboveRows(100_000), temporaryDirectory: URL? = nil,
                overflow: Overflow = .split, maxRowsPerSheet: Int = 1_048_576) {
        self.constantMemory = constantMemory
        self.temporaryDirectory = temporaryDirectory
        self.overflow = overflow
        self.maxRowsPerSheet = max(2, min(maxRowsPerSheet, 1_048_576))
    }
}
