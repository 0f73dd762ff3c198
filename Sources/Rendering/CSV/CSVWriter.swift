import Foundation

/// Writes tables as RFC 4180 CSV: UTF-8, CRLF line ends, a header row of column keys, streaming.
///
/// - Numbers: `.` decimal point, fixed decimals per column format, no grouping; percents in
///   percent units; durations in seconds.
/// - Timestamps: ISO 8601 UTC (`2026-10-03T12:34:56Z`); a `timestamp(local: true)` column is
///   followed by `<key>_local` with the tenant's local time and offset (`2026-10-03T14:34:56+02:00`).
/// - Text starting with `=`, `+`, `-`, `@`, tab, CR or LF gets a leading `'` (OWASP CSV
///   injection); numbers in numeric columns are never altered, so `-2.500` stays a number.
/// - Fields containing `"`, `,`, CR or LF are quoted, quotes doubled.
///
/// Rows are pulled one at a time from the table's `ReportRowSource`; memory stays flat.
public struct CSVWriter: Sendable {
    public var options: CSVOptions

    public init(options: CSVOptions = CSVOptions()) { self.options = options }

    /// Whether `table` is written gzip-compressed under the current options.
    public func compresses(_ table: ReportTable) -> Bool {
        switch options.compression {
        case .never: return false
        case .always: return true
        case .largerThan(let rows): return (table.rows.estimatedCount ?? Int.max) >= rows
        }
    }

    /// Writes every table of `document` (plus `summary.csv` from its KPIs) into `directory`.
    ///
    /// File names are `<table.name>.csv` or `.csv.gz`; the directory must exist.
    public func writeAll(_ document: ReportDocument, toDirectory directory: URL) throws -> [RenderedFile] {
        try document.validate()
        let zone = try document.timeZone()
        var files: [RenderedFile] = []
        if !document.kpis.isEmpty {
            let url = directory.appendingPathComponent("summary.csv")
            files.append(try writeSummary(document, timeZone: zone, to: url))
        }
        for table in document.tables {
            let gz = compresses(table)
            let url = directory.appendingPathComponent(table.name + (gz ? ".csv.gz" : ".csv"))
            files.append(try write(table, timeZone: zone, to: url, gzip: gz))
        }
        return files
    }

    /// Writes one table to `url` (created or truncated); throws `RenderingError` on any failure.
    public func write(_ table: ReportTable, timeZone: TimeZone, to url: URL, gzip: Bool) throws -> RenderedFile {
        let sink = try FileSink(url: url, gzip: gzip)
        var encoder = CSVRowEncoder(columns: table.columns, zone: timeZone)
        if options.byteOrderMark { sink.buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        encoder.appendHeader(&sink.buffer)
        var iterator = try table.rows.makeIterator()
        var count = 0
        while let row = try iterator.nextRow(table: table.name) {
            guard row.values.count == table.columns.count else {
                throw RenderingError(.invalidDocument, "table \(table.name) row \(count + 1) has \(row.values.count) values for \(table.columns.count) columns")
            }
            encoder.append(row, to: &sink.buffer)
            count += 1
            try sink.flushIfNeeded()
        }
        try sink.close()
        return RenderedFile(format: .csv, url: url, bytes: sink.bytesWritten, table: table.name, rows: count)
    }
}
