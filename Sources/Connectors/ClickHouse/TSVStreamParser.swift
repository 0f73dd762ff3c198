import Foundation

/// Splits a streamed `TabSeparated` body into rows as bytes arrive, with no per-row allocation.
///
/// A raw newline always ends a row (TSV escapes newlines inside values), so a final chunk
/// without a newline means the stream was cut short. A line that looks like a ClickHouse
/// exception, or has the wrong number of fields, is reported instead of being returned as data.
///
/// Three ways a ClickHouse query fails after the 200 header went out, all errors here:
/// 18.x-25.x append `Code: N. DB::Exception: ...` text; 25.11+ (with the
/// `X-ClickHouse-Exception-Tag: T` header) write an `__exception__` block
/// (`__exception__`, `T`, the message, `<length> T`, `__exception__`, one per line); some
/// versions write `__exception__` and the message without a tag. From an `__exception__`
/// line on, nothing is a row: the rest is kept (up to 1 MiB) and `finish` throws it.
struct TSVStreamParser {
    private var pending: [UInt8] = []
    private var bounds: [Int] = []
    /// The bytes after an `__exception__` marker line, once one was seen.
    private var trailer: [UInt8]? = nil
    private(set) var rows = 0
    let expectedColumns: Int?
    static let marker = Array("__exception__".utf8)
    static let trailerLimit = 1 << 20

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
        if trailer != nil {
            keepTrailer(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
            return
        }
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
            if trailer != nil {
                keepTrailer(UnsafeRawBufferPointer(rebasing: chunk[start..<n]))
                return
            }
            guard let newline = newline(from: start) else {
                pending.append(contentsOf: chunk[start..<n])
                return
            }
            try emit(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), row: row)
            start = newline + 1
        }
    }

    private mutating func keepTrailer(_ bytes: UnsafeRawBufferPointer) {
        let room = Self.trailerLimit - (trailer?.count ?? 0)
        if room > 0 { trailer?.append(contentsOf: bytes.prefix(room)) }
    }

    /// Call once the body is complete: an exception block, leftover bytes that are an exception text, or a truncation, throw.
    ///
    /// `exceptionTag` is the response's `X-ClickHouse-Exception-Tag`, if any.
    mutating func finish(exceptionTag: String? = nil) throws {
        if let trailer {
            self.trailer = nil
            throw Problem.exception(TSVStreamParser.blockMessage(trailer, tag: exceptionTag))
        }
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
        if fields == 1 && TSVStreamParser.isMarker(line) {
            trailer = []
            return
        }
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

    /// `__exception__`, with or without a trailing CR.
    static func isMarker(_ line: UnsafeRawBufferPointer) -> Bool {
        let count = line.last == 13 ? line.count - 1 : line.count
        return count == marker.count && line.prefix(count).elementsEqual(marker)
    }

    /// The message of an exception block: the text between the tag line and the `<length> <tag>` line
    /// (25.11+), or everything up to the closing marker (no tag).
    static func blockMessage(_ bytes: [UInt8], tag: String?) -> String {
        // Split on LF bytes and drop a CR before each: in Swift a "\r\n" is one Character.
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0[...], as: UTF8.self) }
        while let last = lines.last, last.isEmpty || last == "__exception__" { lines.removeLast() }
        if let tag, !tag.isEmpty {
            if lines.first == tag { lines.removeFirst() }
            if let last = lines.last, last.hasSuffix(" " + tag), Int(last.dropLast(tag.count + 1)) != nil { lines.removeLast() }
        }
        let message = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "an exception block without a message" : String(message.prefix(8192))
    }

    /// The exception message if `text` is what ClickHouse writes when a query fails mid-stream.
    static func exceptionText(_ text: String) -> String? {
        // 18.x: "Code: 395, e.displayText() = DB::Exception: ..."; 19+: "Code: 395. DB::Exception: ..."
        guard text.hasPrefix("Code: "), text.contains("DB::Exception") else { return nil }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
