extension Array where Element == EpochInterval {
    /// Index of the interval holding the second `t`, by binary search; nil when none does.
    ///
    /// The intervals must be sorted and disjoint (consecutive local days or hours, say).
    public func index(containing t: Int64) -> Int? {
        var lo = 0, hi = count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if t < self[mid].start { hi = mid - 1 } else if t >= self[mid].end { lo = mid + 1 } else { return mid }
        }
        return nil
    }
}
