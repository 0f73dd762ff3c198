/// Binary encoding of `QuantileSketch`, format version 1 (all integers unsigned LEB128
/// varints unless noted, doubles IEEE-754 little-endian):
///
/// ```
/// 0x51 'Q', 0x01 version
/// count                      total number of values
/// [min f64, max f64]         only when count > 0
/// zeroCount
/// positive buckets: n, then n × (key delta zigzag, count)   keys strictly increasing,
/// negative buckets: n, then n × (key delta zigzag, count)   first delta is from key 0
/// ```
/// The same sketch always encodes to the same bytes; a typical hour of 60 samples takes
/// a few dozen bytes. Decoding validates every field and the total.
extension QuantileSketch {
    /// Format magic byte.
    static let magic: UInt8 = 0x51
    /// Format version written by `encoded()`.
    public static let encodingVersion: UInt8 = 1

    /// The deterministic binary form (store it in a ClickHouse `String` column).
    public func encoded() -> [UInt8] {
        var out: [UInt8] = [Self.magic, Self.encodingVersion]
        out.reserveCapacity(40 + 3 * (positive.occupiedSpan + negative.occupiedSpan))
        Self.putVarint(count, &out)
        if count > 0 {
            Self.putDouble(min, &out)
            Self.putDouble(max, &out)
        }
        Self.putVarint(zeroCount, &out)
        Self.putStore(positive, &out)
        Self.putStore(negative, &out)
        return out
    }

    static func putStore(_ store: BucketStore, _ out: inout [UInt8]) {
        guard !store.isEmpty else {
            out.append(0)
            return
        }
        store.counts.withUnsafeBufferPointer { counts in
            let lo = store.minKey - store.offset
            let hi = store.maxKey - store.offset
            var nonEmpty: UInt64 = 0
            for i in lo...hi where counts[i] > 0 { nonEmpty += 1 }
            putVarint(nonEmpty, &out)
            var previous = 0
            for i in lo...hi where counts[i] > 0 {
                let key = i + store.offset
                let delta = Int64(key - previous)
                putVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)), &out)
                putVarint(counts[i], &out)
                previous = key
            }
        }
    }

    /// Decodes `encoded()` bytes; throws `invalidSketchEncoding` naming the first problem
    /// (bad magic or version, truncation, overlong varint, unordered keys, zero counts,
    /// totals that do not add up, non-finite or inverted min/max, trailing bytes).
    public init<C: Collection>(decoding bytes: C) throws(AnalyticsError) where C.Element == UInt8 {
        var reader = ByteReader(Array(bytes))
        guard let m = reader.byte(), m == Self.magic else {
            throw AnalyticsError(.invalidSketchEncoding, "not a quantile sketch (bad magic byte)")
        }
        guard let v = reader.byte(), v == Self.encodingVersion else {
            throw AnalyticsError(.invalidSketchEncoding, "unsupported sketch format version (expected \(Self.encodingVersion))")
        }
        var sketch = QuantileSketch()
        let total = try reader.varint("count")
        if total > 0 {
            let lo = try reader.double("min")
            let hi = try reader.double("max")
            guard lo.isFinite, hi.isFinite, lo <= hi else {
                throw AnalyticsError(.invalidSketchEncoding, "min/max are not finite or min > max")
            }
            sketch.min = lo
            sketch.max = hi
        }
        sketch.zeroCount = try reader.varint("zero count")
        var sum = sketch.zeroCount
        for which in 0..<2 {
            let n = try reader.varint("bucket count")
            guard n <= UInt64(Self.maximumKeyMagnitude * 2 + 1) else {
                throw AnalyticsError(.invalidSketchEncoding, "implausible bucket count \(n)")
            }
            var store = BucketStore()
            var key = 0
            for i in 0..<Int(n) {
                let zz = try reader.varint("bucket key")
                let delta = Int64(bitPattern: (zz >> 1) ^ (0 &- (zz & 1)))
                guard i == 0 || delta > 0 else {
                    throw AnalyticsError(.invalidSketchEncoding, "bucket keys are not strictly increasing")
                }
                guard abs(delta) <= Int64(Self.maximumKeyMagnitude * 2), abs(Int64(key) + delta) <= Int64(Self.maximumKeyMagnitude) else {
                    throw AnalyticsError(.invalidSketchEncoding, "bucket key out of range")
                }
                key += Int(delta)
                let c = try reader.varint("bucket count")
                guard c > 0 else { throw AnalyticsError(.invalidSketchEncoding, "empty bucket stored") }
                let (s, overflow) = sum.addingReportingOverflow(c)
                guard !overflow else { throw AnalyticsError(.invalidSketchEncoding, "counts overflow") }
                sum = s
                store.add(key: key, count: c)
            }
            if which == 0 { sketch.positive = store } else { sketch.negative = store }
        }
        guard sum == total else {
            throw AnalyticsError(.invalidSketchEncoding, "bucket counts add up to \(sum), header says \(total)")
        }
        guard reader.atEnd else {
            throw AnalyticsError(.invalidSketchEncoding, "\(reader.remaining) trailing bytes")
        }
        sketch.count = total
        self = sketch
    }

    /// Keys beyond this magnitude cannot come from finite doubles (|log_γ(x)| < 71 000).
    static let maximumKeyMagnitude = 100_000

    static func putVarint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func putDouble(_ value: Double, _ out: inout [UInt8]) {
        let bits = value.bitPattern
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
    }
}

/// A bounds-checked cursor over encoded bytes.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }

    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint(_ field: String) throws(AnalyticsError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let b = byte() else {
                throw AnalyticsError(.invalidSketchEncoding, "truncated in \(field)")
            }
            if shift == 63 && b > 1 {
                throw AnalyticsError(.invalidSketchEncoding, "varint overflow in \(field)")
            }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw AnalyticsError(.invalidSketchEncoding, "varint too long in \(field)") }
        }
    }

    mutating func double(_ field: String) throws(AnalyticsError) -> Double {
        guard remaining >= 8 else { throw AnalyticsError(.invalidSketchEncoding, "truncated in \(field)") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }
}
