/// Dense counts for a contiguous range of sketch keys, growing on demand (internal to the sketch).
///
/// `counts[i]` holds the count of key `offset + i`; keys outside `[minKey, maxKey]` are
/// zero. The array may carry zero slack at both ends; equality and hashing only look at
/// the non-empty range, so two stores with the same buckets compare equal.
struct BucketStore: Sendable {
    var counts: [UInt64] = []
    var offset: Int = 0
    var minKey: Int = .max
    var maxKey: Int = .min
    var total: UInt64 = 0

    var isEmpty: Bool { total == 0 }

    /// Keys between the lowest and highest non-empty bucket (0 when empty).
    var occupiedSpan: Int { isEmpty ? 0 : maxKey - minKey + 1 }

    @inline(__always)
    mutating func add(key: Int, count: UInt64) {
        let index = key &- offset
        if index >= 0 && index < counts.count {
            counts[index] &+= count
        } else {
            grow(toInclude: key)
            counts[key - offset] &+= count
        }
        if key < minKey { minKey = key }
        if key > maxKey { maxKey = key }
        total &+= count
    }

    /// Reallocates so that `key` fits, leaving slack on the growing side.
    mutating func grow(toInclude key: Int) {
        if counts.isEmpty {
            counts = [UInt64](repeating: 0, count: 128)
            offset = key - 64
            return
        }
        let lo = Swift.min(key, offset)
        let hi = Swift.max(key, offset + counts.count - 1)
        let slack = Swift.max(32, (hi - lo + 1) / 2)
        let newOffset = key < offset ? lo - slack : lo
        let newCount = (key < offset ? hi - newOffset + 1 : hi - newOffset + 1 + slack)
        var grown = [UInt64](repeating: 0, count: newCount)
        for i in 0..<counts.count { grown[offset - newOffset + i] = counts[i] }
        counts = grown
        offset = newOffset
    }

    func count(at key: Int) -> UInt64 {
        let index = key - offset
        return index >= 0 && index < counts.count ? counts[index] : 0
    }

    /// The smallest key whose cumulative count (from the lowest key) exceeds `rank`.
    func key(atRank rank: UInt64) -> Int {
        var running: UInt64 = 0
        var key = minKey
        while key <= maxKey {
            running += count(at: key)
            if running > rank { return key }
            key += 1
        }
        return maxKey
    }

    /// The largest key whose cumulative count from the highest key exceeds `rank`.
    func key(atRankFromTop rank: UInt64) -> Int {
        var running: UInt64 = 0
        var key = maxKey
        while key >= minKey {
            running += count(at: key)
            if running > rank { return key }
            key -= 1
        }
        return minKey
    }

    mutating func merge(_ other: BucketStore) {
        guard !other.isEmpty else { return }
        if isEmpty {
            self = other
            return
        }
        if other.minKey < offset { grow(toInclude: other.minKey) }
        if other.maxKey >= offset + counts.count { grow(toInclude: other.maxKey) }
        let shift = other.offset - offset
        counts.withUnsafeMutableBufferPointer { dst in
            other.counts.withUnsafeBufferPointer { src in
                for i in (other.minKey - other.offset)...(other.maxKey - other.offset) {
                    dst[i + shift] &+= src[i]
                }
            }
        }
        minKey = Swift.min(minKey, other.minKey)
        maxKey = Swift.max(maxKey, other.maxKey)
        total &+= other.total
    }

    /// Number of non-empty buckets.
    var nonEmptyCount: Int {
        guard !isEmpty else { return 0 }
        var n = 0
        for key in minKey...maxKey where counts[key - offset] > 0 { n += 1 }
        return n
    }

    /// Non-empty buckets in increasing key order.
    var nonEmpty: [(key: Int, count: UInt64)] {
        guard !isEmpty else { return [] }
        var out: [(key: Int, count: UInt64)] = []
        var key = minKey
        while key <= maxKey {
            let c = count(at: key)
            if c > 0 { out.append((key, c)) }
            key += 1
        }
        return out
    }
}

extension BucketStore: Hashable {
    static func == (lhs: BucketStore, rhs: BucketStore) -> Bool {
        guard lhs.total == rhs.total else { return false }
        if lhs.isEmpty { return true }
        guard lhs.minKey == rhs.minKey, lhs.maxKey == rhs.maxKey else { return false }
        var key = lhs.minKey
        while key <= lhs.maxKey {
            if lhs.count(at: key) != rhs.count(at: key) { return false }
            key += 1
        }
        return true
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(total)
        for bucket in nonEmpty {
            hasher.combine(bucket.key)
            hasher.combine(bucket.count)
        }
    }
}
