/// Builds rows in ClickHouse's `RowBinary` format for `ClickHouseClient.insert(format: .rowBinary)`.
///
/// Values are written as ClickHouse stores them (little-endian fixed-width numbers, LEB128
/// lengths), so a `Float64` arrives bit for bit: ClickHouse's text parser (18.16) rounds some
/// decimals one ulp off (`5.94` becomes `5.9399999999999995`), `RowBinary` never does.
/// Append the columns of each row in table order; there are no separators.
public struct ClickHouseRowBinary {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Appends already-encoded bytes (e.g. a cached prefix of columns).
    public mutating func append(raw: [UInt8]) { bytes += raw }

    @inline(__always)
    mutating func fixed<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// LEB128, as RowBinary writes string lengths and array sizes.
    public mutating func varint(_ value: Int) {
        var v = UInt64(value)
        repeat {
            var byte = UInt8(v & 0x7f)
            v >>= 7
            if v != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while v != 0
    }

    public mutating func uint8(_ v: UInt8) { bytes.append(v) }
    public mutating func uint16(_ v: UInt16) { fixed(v) }
    public mutating func uint32(_ v: UInt32) { fixed(v) }
    public mutating func uint64(_ v: UInt64) { fixed(v) }
    public mutating func int32(_ v: Int32) { fixed(v) }
    public mutating func float64(_ v: Double) { fixed(v.bitPattern) }

    /// A `Date`: days since 1970-01-01.
    public mutating func date(daysSinceEpoch days: Int) { uint16(UInt16(clamping: days)) }

    /// A `DateTime`: seconds since the epoch.
    public mutating func dateTime(_ seconds: Int64) { uint32(UInt32(clamping: seconds)) }

    /// A `String`: length, then the bytes as they are.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// An `Array(Int32)`.
    public mutating func array(_ values: [Int32]) {
        varint(values.count)
        for v in values { int32(v) }
    }

    /// An `Array(UInt64)`.
    public mutating func array(_ values: [UInt64]) {
        varint(values.count)
        for v in values { uint64(v) }
    }
}
