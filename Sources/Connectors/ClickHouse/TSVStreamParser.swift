import Foundation

/// Splits a streamed `TabSeparated` body into rows as bytes arrive, with no per-row allocation.
///
/// A raw newline always ends a row (TSV escapes newlines inside values), so a final chunk
/// without a newline means the stream was cut short. A line that looks like a ClickHouse
/// exception, or has the wrong number of fields, is reported instead of being returned as data.
struct TSVStreamParser {
    private var pending: [UInt8] = []
    private var bounds: [Int] = []
    private(set) var rows = 0
    let expectedColumns: Int?

    init(expectedColumns: Int?) {
        self.expectedColumns = expectedColumns
        bounds.reserveCapacity(64)
    }

    enum Problem: Error {
        case exception(String)
        case fieldCount(expected: Int, got: Int, line: String)
        case truncated(String)
    }

    /// Feeds one chunk; calls `row` for every complete line.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, row: (TSVRow) throws -> Void) throws {
        var start = 0
        let n = chunk.count
        guard n > 0, let base = chunk.baseAddress else { return }
        func newline(from: Int) -> Int? {
            guard from < n, let p = memchr(base + from, 10, n - from) else { return nil }
            return base.distance(to: UnsafeRawPointer(p))
        }
        if !pending.isEmpty {
            guard let newline = newline(from: 0) else {
                pending.append(contentsOf: chunk)
                return
            }
            pending.append(contentsOf: chunk[0..<newline])
            var line = pending
            pending.removeAll(keepingCapacity: true)
            try line.withUnsafeBytes { try emit($0, row: row) }
            line.removeAll()
            start = newline + 1
        }
        while start < n {
            guard let newline = newline(from: start) else {
                pending.append(contentsOf: chunk[start..<n])
                return
            }
            try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), row: row)
            start = newline + 1
        }
    }

    /// Call once the body is complete: leftover bytes are an exception text or a truncation.
    mutating func finish() throws {
        guard !pending.isEmpty else { return }
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        if let exception = TSVStreamParser.exceptionText(text) { throw Problem.exception(exception) }
        throw Problem.truncated(String(text.prefix(200)))
    }

    private mutating func emit(_ line: UnsafeRawBufferPointer, row: (TSVRow) throws -> Void) throws {
        bounds.removeAll(keepingCapacity: true)
        var fieldStart = 0
        if let base = line.baseAddress {
            while fieldStart <= line.count, let tab = memchr(base + fieldStart, 9, line.count - fieldStart) {
                let i = base.distance(to: UnsafeRawPointer(tab))
                bounds.append(fieldStart)
                bounds.append(i)
                fieldStart = i + 1
            }
        }
        bounds.append(fieldStart)
        bounds.append(line.count)
        let fields = bounds.count / 2
        if fields == 1 || (expectedColumns != nil && fields != expectedColumns) {
            let text = String(decoding: line, as: UTF8.self)
            if let exception = TSVStreamParser.exceptionText(text) { throw Problem.exception(exception) }
            if let expectedColumns, fields != expectedColumns {
                throw Problem.fieldCount(expected: expectedColumns, got: fields, line: String(text.prefix(200)))
            }
        }
        rows += 1
        try bounds.withUnsafeBufferPointer { try row(TSVRow(line: line, bounds: $0)) }
    }

    /// The exception message if `text` is what ClickHouse writes when a query fails mid-stream.
    static func exceptionText(_ text: String) -> String? {
        // 18.x: "Code: 395, e.displayText() = DB::Exception: ..."; 19+: "Code: 395. DB::Exception: ..."
        guard text.hasPrefix("Code: "), text.contains("DB::Exception") else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
