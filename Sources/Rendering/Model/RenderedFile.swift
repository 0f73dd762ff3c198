import Foundation

/// A file a renderer wrote: its format, location and size (the caller hashes it for the manifest).
public struct RenderedFile: Hashable, Sendable {
    public var format: OutputFormat
    public var url: URL
    public var bytes: Int
    /// For CSV: the table it holds.
    public var table: String?
    /// For CSV: the data rows written (header excluded).
    public var rows: Int?

    public init(format: OutputFormat, url: URL, bytes: Int, table: String? = nil, rows: Int? = nil) {
        self.format = format
        self.url = url
        self.bytes = bytes
        self.table = table
        self.rows = rows
    }
}
