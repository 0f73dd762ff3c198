import Foundation

/// Decodes one JSON document of an InfluxDB `/query` response into series chunks.
///
/// A single pass over the bytes that builds only what callers read (`InfluxSeriesChunk`s);
/// values that are arrays or objects inside a row read as `.null`, unknown keys are skipped.
/// The whole document is checked before any of its chunks is delivered, so an `"error"`
/// anywhere in it (top level or in a statement's result) throws and delivers nothing of it.
/// Malformed JSON, invalid UTF-8 in a string and trailing bytes are protocol errors.
enum InfluxResponseDecoder {
    static func decode(_ line: [UInt8], server: String, purpose: String,
                       series: (InfluxSeriesChunk) throws -> Void) throws {
        let parsed: (chunks: [InfluxSeriesChunk], error: String?)
        do {
            parsed = try line.withUnsafeBufferPointer { buffer in
                var cursor = JSONCursor(buffer)
                return try cursor.document()
            }
        } catch let failure as JSONCursor.Failure {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            throw ConnectorError(.protocolError, server: server, purpose: purpose,
                                 message: "response is not valid JSON (\(failure.reason) at byte \(failure.offset); cut short?): \(text)")
        }
        if let error = parsed.error {
            throw ConnectorError(.serverError, server: server, purpose: purpose, message: error)
        }
        for chunk in parsed.chunks { try series(chunk) }
    }
}

/// A cursor over the bytes of one JSON document, with the readers the InfluxDB shape needs.
struct JSONCursor {
    struct Failure: Error {
        let reason: String
        let offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// `{"results":[...],"error":"..."}`: the chunks of every result, and the first error met (top level or in a result).
    mutating func document() throws -> (chunks: [InfluxSeriesChunk], error: String?) {
        var chunks: [InfluxSeriesChunk] = []
        var error: String? = nil
        try object { cursor, key in
            switch key {
            case "error":
                if let message = try cursor.scalar().string { error = error ?? message }
            case "results":
                try cursor.array { cursor in
                    if let message = try cursor.result(into: &chunks) { error = error ?? message }
                }
            default: try cursor.skipValue()
            }
        }
        skipSpace()
        guard i == bytes.count else { throw fail("bytes after the document") }
        return (chunks, error)
    }

    /// One statement's result: its series appended to `chunks`; returns its `"error"`, if any.
    private mutating func result(into chunks: inout [InfluxSeriesChunk]) throws -> String? {
        var statement = 0
        var error: String? = nil
        var series: [(name: String, tags: [String: String], columns: [String], values: [[InfluxValue]])] = []
        try object { cursor, key in
            switch key {
            case "statement_id": statement = try cursor.scalar().int ?? 0
            case "error": error = try cursor.scalar().string
            case "series": try cursor.array { cursor in series.append(try cursor.seriesItem()) }
            default: try cursor.skipValue()
            }
        }
        for s in series { chunks.append(InfluxSeriesChunk(statement: statement, name: s.name, tags: s.tags, columns: s.columns, values: s.values)) }
        return error
    }

    private mutating func seriesItem() throws -> (name: String, tags: [String: String], columns: [String], values: [[InfluxValue]]) {
        var name = "", tags: [String: String] = [:], columns: [String] = [], values: [[InfluxValue]] = []
        try object { cursor, key in
            switch key {
            case "name": name = try cursor.scalar().string ?? ""
            case "tags":
                try cursor.object { cursor, tag in
                    if let value = try cursor.scalar().string { tags[tag] = value }
                }
            case "columns": try cursor.array { cursor in columns.append(try cursor.scalar().string ?? "") }
            case "values":
                try cursor.array { cursor in
                    var row: [InfluxValue] = []
                    row.reserveCapacity(columns.count)
                    try cursor.array { cursor in row.append(try cursor.scalar()) }
                    values.append(row)
                }
            default: try cursor.skipValue()
            }
        }
        return (name, tags, columns, values)
    }

    // MARK: - Structure

    /// Reads an object, calling `member` with the cursor on each value (which it must consume).
    private mutating func object(_ member: (inout JSONCursor, String) throws -> Void) throws {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { throw fail("expected an object") }
        skipSpace()
        if take(UInt8(ascii: "}")) { return }
        while true {
            skipSpace()
            let key = try string()
            skipSpace()
            guard take(UInt8(ascii: ":")) else { throw fail("expected ':'") }
            try member(&self, key)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "}")) { return }
            throw fail("expected ',' or '}'")
        }
    }

    /// Reads an array, calling `element` with the cursor on each element (which it must consume).
    private mutating func array(_ element: (inout JSONCursor) throws -> Void) throws {
        skipSpace()
        guard take(UInt8(ascii: "[")) else { throw fail("expected an array") }
        skipSpace()
        if take(UInt8(ascii: "]")) { return }
        while true {
            try element(&self)
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            if take(UInt8(ascii: "]")) { return }
            throw fail("expected ',' or ']'")
        }
    }

    /// A scalar as an `InfluxValue`; an array or object is skipped and reads as `.null`.
    mutating func scalar() throws -> InfluxValue {
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "["), UInt8(ascii: "{"): try skipValue(); return .null
        default: return .number(try number())
        }
    }

    private mutating func skipValue() throws {
        skipSpace()
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "["): try array { cursor in try cursor.skipValue() }
        case UInt8(ascii: "{"): try object { cursor, _ in try cursor.skipValue() }
        default: _ = try scalar()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected end") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("invalid literal") }
        i += n
    }

    // MARK: - Strings

    /// A JSON string (escapes resolved, UTF-8 validated).
    mutating func string() throws -> String {
        guard take(UInt8(ascii: "\"")) else { throw fail("expected a string") }
        let start = i
        var ascii = true
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                if ascii { return String(decoding: raw, as: UTF8.self) }
                guard let text = String(validating: raw, as: UTF8.self) else { throw fail("invalid UTF-8 in a string", at: start) }
                return text
            }
            if c >= 0x80 { ascii = false }
            if c == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if c < 0x20 { throw fail("control character in a string") }
            i += 1
        }
        throw fail("unterminated string", at: start)
    }

    /// The rest of a string that holds an escape; `start` is its first byte.
    private mutating func escapedString(from start: Int) throws -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") {
                guard let text = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string", at: start) }
                return text
            }
            if c < 0x20 { throw fail("control character in a string") }
            guard c == UInt8(ascii: "\\") else { out.append(c); continue }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("unpaired surrogate")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                out.append(contentsOf: String(Character(u)).utf8)
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string", at: start)
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail("unexpected end") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    // MARK: - Numbers

    private static let exactPowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// A JSON number, correctly rounded: the exact fast path (an integer mantissa below 2^53
    /// scaled by at most 10^22, one IEEE operation) or `strtod` for the rest.
    private mutating func number() throws -> Double {
        let start = i
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var scale = 0
        var exact = true
        let intStart = i
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
            let d = UInt64(bytes[i] &- UInt8(ascii: "0"))
            if significant < 19 {
                mantissa = mantissa * 10 + d
                if mantissa != 0 { significant += 1 }
            } else {
                scale += 1
                if d != 0 { exact = false }
            }
            i += 1
        }
        guard i > intStart else { throw fail("invalid value", at: start) }
        guard bytes[intStart] != UInt8(ascii: "0") || i == intStart + 1 else { throw fail("leading zero", at: start) }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fracStart = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                let d = UInt64(bytes[i] &- UInt8(ascii: "0"))
                if significant < 19 {
                    mantissa = mantissa * 10 + d
                    scale -= 1
                    if mantissa != 0 { significant += 1 }
                } else if d != 0 {
                    exact = false
                }
                i += 1
            }
            guard i > fracStart else { throw fail("invalid number", at: start) }
        }
        var exponent = 0
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                negativeExponent = bytes[i] == UInt8(ascii: "-"); i += 1
            }
            let expStart = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard i > expStart else { throw fail("invalid number", at: start) }
            if negativeExponent { exponent = -exponent }
        }
        let power = scale + exponent
        if exact, mantissa <= 1 << 53, abs(power) <= 22 {
            let m = Double(mantissa)
            let v = power >= 0 ? m * JSONCursor.exactPowers[power] : m / JSONCursor.exactPowers[-power]
            return negative ? -v : v
        }
        return slowNumber(from: start)
    }

    /// `strtod` on a NUL-terminated copy of the number's bytes.
    private func slowNumber(from start: Int) -> Double {
        var text = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        text.append(0)
        return text.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { strtod($0, nil) }
        }
    }

    // MARK: - Bytes

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    private mutating func take(_ c: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> Failure { Failure(reason: reason, offset: offset ?? i) }
}
