/// A forward-only walk over sorted, disjoint intervals: answers queries whose starts never
/// decrease in O(intervals + queries) overall, so clipping a device's outages to service
/// time is a merge walk, never a per-second scan.
struct IntervalCursor: Sendable {
    let intervals: [EpochInterval]
    private var index = 0

    init(_ intervals: [EpochInterval]) { self.intervals = intervals }

    /// The parts of `x` inside the intervals, in order. `x.start` must not be below the
    /// previous query's start.
    mutating func pieces(of x: EpochInterval) -> [EpochInterval] {
        skip(before: x.start)
        var out: [EpochInterval] = []
        var k = index
        while k < intervals.count && intervals[k].start < x.end {
            let part = intervals[k].intersection(x)
            if !part.isEmpty { out.append(part) }
            k += 1
        }
        return out
    }

    /// Seconds of `x` inside the intervals (same ordering rule as `pieces(of:)`).
    mutating func overlap(with x: EpochInterval) -> Int64 {
        skip(before: x.start)
        var total: Int64 = 0
        var k = index
        while k < intervals.count && intervals[k].start < x.end {
            total += intervals[k].overlap(x)
            k += 1
        }
        return total
    }

    private mutating func skip(before t: Int64) {
        while index < intervals.count && intervals[index].end <= t { index += 1 }
    }

    /// The intersection of two sorted, disjoint lists (sorted, disjoint).
    static func intersection(_ a: [EpochInterval], _ b: [EpochInterval]) -> [EpochInterval] {
        var out: [EpochInterval] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let part = a[i].intersection(b[j])
            if !part.isEmpty { out.append(part) }
            if a[i].end <= b[j].end { i += 1 } else { j += 1 }
        }
        return out
    }

    /// Total seconds of a list of disjoint intervals.
    static func seconds(_ intervals: [EpochInterval]) -> Int64 {
        intervals.reduce(0) { $0 + $1.seconds }
    }
}
