import Foundation

/// One row of a ClickHouse `TabSeparated` result, valid only inside the row callback.
///
/// Fields are views into the receive buffer; typed accessors parse them without copying.
/// `string(_:)` and `bytes(_:)` undo ClickHouse's TSV escaping (`\t \n \\ \' \0 ...`).
public struct TSVRow {
    let line: UnsafeRawBufferPointer
    let bounds: UnsafeBufferPointer<Int>  // 2 entries per field: start, end

    /// Number of fields in the row.
    public var count: Int { bounds.count / 2 }

    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[bounds[2 * index]..<bounds[2 * index + 1]])
    }

    /// Whether the field is SQL NULL (`\N`).
    public func isNull(_ index: Int) -> Bool {
        let f = field(index)
        return f.count == 2 && f[0] == UInt8(ascii: "\\") && f[1] == UInt8(ascii: "N")
    }

    /// The field as a signed integer; nil when empty, NULL or not a number.
    public func int(_ index: Int) -> Int? {
        let f = field(index)
        guard !f.isEmpty else { return nil }
        var i = 0
        var negative = false
        if f[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < f.count else { return nil }
        var value = 0
        while i < f.count {
            let d = Int(f[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1 && !o2 else { return nil }
            value = a
            i += 1
        }
        return negative ? -value : value
    }

    /// The field as a Double (`inf`, `-inf`, `nan` included); nil when empty or NULL.
    public func double(_ index: Int) -> Double? {
        let f = field(index)
        guard !f.isEmpty, f.count < 64, !isNull(index) else { return nil }
        if let integer = int(index), abs(integer) < (1 << 53) { return Double(integer) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> Double? in
            for i in 0..<f.count { buffer[i] = CChar(bitPattern: f[i]) }
            buffer[f.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == f.count else { return nil }
            return value
        }
    }

    /// The field unescaped as UTF-8 text; invalid UTF-8 is repaired with U+FFFD.
    public func string(_ index: Int) -> String {
        let raw = bytes(index)
        return String(decoding: raw, as: UTF8.self)
    }

    /// The field unescaped as raw bytes (for binary columns such as sketches).
    public func bytes(_ index: Int) -> [UInt8] {
        let f = field(index)
        guard f.contains(UInt8(ascii: "\\")) else { return Array(f) }
        var out: [UInt8] = []
        out.reserveCapacity(f.count)
        var i = 0
        while i < f.count {
            let c = f[i]
            if c == UInt8(ascii: "\\"), i + 1 < f.count {
                let n = f[i + 1]
                switch n {
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "0"): out.append(0)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "a"): out.append(7)
                case UInt8(ascii: "v"): out.append(11)
                default: out.append(n)  // \\ \' and anything else: the character itself
                }
                i += 2
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
