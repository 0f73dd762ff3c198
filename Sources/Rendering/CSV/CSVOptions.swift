/// Options of `CSVWriter`.
public struct CSVOptions: Sendable {
    /// When a table's CSV is gzip-compressed (`<name>.csv.gz`).
    public enum Compression: Sendable, Hashable {
        case never
        case always
        /// Gzip tables whose `estimatedCount` is unknown or at least this many rows.
        case largerThan(rows: Int)
    }

    public var compression: Compression
    /// Prefix the file with a UTF-8 BOM (helps Excel guess the encoding; off by default).
    public var byteOrderMark: Bool

    public init(compression: Compression = .largerThan(rows: 100_000), byteOrderMark: Bool = false) {
        self.compression = compression
        self.byteOrderMark = byteOrderMark
    }
}
