/// An iterator over rows that may fail (a cursor over a file, a database stream).
public protocol ReportRowIterator {
    mutating func next() throws -> ReportRow?
}

extension ReportRowIterator {
    /// `next()` with errors wrapped as `RenderingError(.rowSource)` naming the table.
    mutating func nextRow(table: String) throws -> ReportRow? {
        do { return try next() } catch let e as RenderingError { throw e } catch {
            throw RenderingError(.rowSource, "reading rows of table \(table) failed", underlying: error)
        }
    }
}
