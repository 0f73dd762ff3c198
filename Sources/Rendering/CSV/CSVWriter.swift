import Foundation

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

/// Encodes rows of one table into CSV bytes.
struct CSVRowEncoder {
    let columns: [ReportColumn]
    let formats: [ValueFormat]
    var offsets: OffsetCache

    init(columns: [ReportColumn], zone: TimeZone) {
        self.columns = columns
        self.formats = columns.map(\.format)
        self.offsets = OffsetCache(zone: zone)
    }

    func appendHeader(_ out: inout [UInt8]) {
        var first = true
        for c in columns {
            if !first { out.append(0x2C) }
            first = false
            Self.appendText(&out, c.key)
            if case .timestamp(local: true) = c.format {
                out.append(0x2C)
                Self.appendText(&out, c.key + "_local")
            }
        }
        out.append(0x0D); out.append(0x0A)
    }

    mutating func append(_ row: ReportRow, to out: inout [UInt8]) {
        for i in 0..<formats.count {
            if i > 0 { out.append(0x2C) }
            appendCell(&out, row.values[i], formats[i])
        }
        out.append(0x0D); out.append(0x0A)
    }

    @inline(__always) private mutating func appendCell(_ out: inout [UInt8], _ value: ReportValue, _ format: ValueFormat) {
        let localColumn: Bool
        if case .timestamp(local: true) = format { localColumn = true } else { localColumn = false }
        switch value {
        case .missing:
            break
        case .text(let s):
            Self.appendText(&out, s)
        case .integer(let v):
            switch format {
            case .decimal, .percent: NumberText.appendFixed(&out, Double(v), places: format.places)
            default: NumberText.appendInt(&out, v)
            }
        case .number(let d):
            switch format {
            case .integer, .duration: NumberText.appendFixed(&out, d, places: 0)
            case .decimal, .percent: NumberText.appendFixed(&out, d, places: format.places)
            default: NumberText.appendFixed(&out, d, places: 6)
            }
        case .instant(let date):
            let s = CivilTime.seconds(date)
            if case .date = format {
                let local = offsets.local(s)
                let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
                let (y, m, d) = CivilTime.civil(days: days)
                CivilTime.appendDate(&out, year: y, month: m, day: d)
            } else {
                CivilTime.appendDateTime(&out, seconds: s)
                out.append(0x5A)
                if localColumn {
                    out.append(0x2C)
                    let off = offsets.offset(at: s)
                    CivilTime.appendDateTime(&out, seconds: s + off)
                    CivilTime.appendOffset(&out, offset: off)
                }
                return
            }
        case .date(let d):
            CivilTime.appendDate(&out, year: d.year, month: d.month, day: d.day)
        }
        if localColumn { out.append(0x2C) }  // keep the _local column aligned for non-instant values
    }

    /// Appends a text field: formula-neutralised, quoted when needed.
    @inline(__always) static func appendText(_ out: inout [UInt8], _ s: String) {
        var s = s
        s.withUTF8 { bytes in
            guard let first = bytes.first else { return }
            var needsQuotes = false
            for b in bytes where b == 0x22 || b == 0x2C || b == 0x0D || b == 0x0A {
                needsQuotes = true
                break
            }
            let neutralise = TextSafety.startsLikeFormula(byte: first)
            if !needsQuotes {
                if neutralise { out.append(0x27) }
                out.append(contentsOf: bytes)
                return
            }
            out.append(0x22)
            if neutralise { out.append(0x27) }
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }
}
