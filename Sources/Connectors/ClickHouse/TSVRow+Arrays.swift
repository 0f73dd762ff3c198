/// Numeric arrays in `TabSeparated` fields: `[1,-2,3]`, or a tuple of arrays `([1,2],[3,4])`.
extension TSVRow {
    /// Every integer in the field in order, whatever brackets and commas surround them.
    ///
    /// For `([1,2],[3,4])` (a `sumMap` result) that is `[1, 2, 3, 4]`: the caller splits the
    /// halves. Throws nothing; returns nil when the field holds anything but digits, `-`,
    /// brackets, parentheses and commas (a float or a string is not an integer array).
    public func integers(_ index: Int) -> [Int]? {
        let f = field(index)
        var out: [Int] = []
        var value = 0
        var inNumber = false
        var negative = false
        for c in f {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(c) - 48)
                if o1 || o2 { return nil }
                value = a
                inNumber = true
            case UInt8(ascii: "-"):
                if inNumber || negative { return nil }
                negative = true
            case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"):
                if inNumber { out.append(negative ? -value : value) } else if negative { return nil }
                value = 0
                inNumber = false
                negative = false
            default:
                return nil
            }
        }
        if inNumber { out.append(negative ? -value : value) } else if negative { return nil }
        return out
    }
}

/// Comparing fields without copying them (for hot loops over millions of rows).
extension TSVRow {
    /// Whether the raw (still escaped) field equals `bytes`; no allocation.
    public func field(_ index: Int, equals bytes: [UInt8]) -> Bool {
        let f = field(index)
        guard f.count == bytes.count else { return false }
        return bytes.withUnsafeBytes { f.elementsEqual($0) }
    }
}
