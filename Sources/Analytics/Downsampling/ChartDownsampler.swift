/// Downsampling of chart series with gaps: gaps stay gaps.
///
/// A series is first cut into segments: a point with non-finite `y` (missing data) is
/// dropped and ends the current segment, and two consecutive points more than `maxGap`
/// apart on x (e.g. a missing hour; pass about 1.5 × the sampling interval) start a new
/// one. The point budget is shared by the segments in proportion to their lengths
/// (largest remainder, ties to the earlier segment), then each segment is reduced with
/// `LTTB` (or `M4`) independently. Draw each returned segment as its own polyline.
public enum ChartDownsampler {
    /// Index ranges of the gap-free segments of a series.
    public static func segments(x: [Double], y: [Double], maxGap: Double? = nil) -> [Range<Int>] {
        let n = Swift.min(x.count, y.count)
        var out: [Range<Int>] = []
        var start: Int? = nil
        for i in 0..<n {
            guard y[i].isFinite, x[i].isFinite else {
                if let s = start { out.append(s..<i) }
                start = nil
                continue
            }
            if let s = start, let gap = maxGap, x[i] - x[i - 1] > gap {
                out.append(s..<i)
                start = i
            } else if start == nil {
                start = i
            }
        }
        if let s = start { out.append(s..<n) }
        return out
    }

    /// How many points each segment of the given lengths may keep out of `budget`: all of
    /// them when they fit, else `⌊budget·len/total⌋` plus one for the largest remainders.
    public static func allocate(budget: Int, lengths: [Int]) -> [Int] {
        let total = lengths.reduce(0, +)
        guard budget > 0 else { return lengths.map { _ in 0 } }
        if total <= budget { return lengths }
        var quota = lengths.map { budget * $0 / total }
        let remainders = lengths.map { budget * $0 % total }
        let leftover = budget - quota.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for i in order.prefix(leftover) { quota[i] += 1 }
        return quota
    }

    /// LTTB per gap-free segment to at most `maxPoints` points overall; returns the kept
    /// indices into the input, one array per segment (segments left with no point omitted).
    public static func lttbIndices(x: [Double], y: [Double], maxPoints: Int, maxGap: Double? = nil) -> [[Int]] {
        let segs = segments(x: x, y: y, maxGap: maxGap)
        let quotas = allocate(budget: maxPoints, lengths: segs.map(\.count))
        var out: [[Int]] = []
        for (seg, quota) in zip(segs, quotas) where quota > 0 {
            let picked = x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    LTTB.indices(x: UnsafeBufferPointer(rebasing: xs[seg]), y: UnsafeBufferPointer(rebasing: ys[seg]),
                                 count: seg.count, threshold: quota)
                }
            }
            out.append(picked.map { $0 + seg.lowerBound })
        }
        return out
    }

    /// LTTB per gap-free segment: the polylines to draw.
    public static func lttb(_ points: [ChartPoint], maxPoints: Int, maxGap: Double? = nil) -> [[ChartPoint]] {
        lttbIndices(x: points.map(\.x), y: points.map(\.y), maxPoints: maxPoints, maxGap: maxGap)
            .map { $0.map { points[$0] } }
    }

    /// M4 per gap-free segment; the `columns` are shared by the segments in proportion to
    /// their lengths (as in `allocate`), so at most `4 · columns` points come back.
    public static func m4(_ points: [ChartPoint], columns: Int, maxGap: Double? = nil) -> [[ChartPoint]] {
        let x = points.map(\.x)
        let y = points.map(\.y)
        let segs = segments(x: x, y: y, maxGap: maxGap)
        let quotas = allocate(budget: columns, lengths: segs.map(\.count))
        var out: [[ChartPoint]] = []
        for (seg, quota) in zip(segs, quotas) where quota > 0 {
            let picked = M4.indices(x: Array(x[seg]), y: Array(y[seg]), columns: quota)
            out.append(picked.map { points[$0 + seg.lowerBound] })
        }
        return out
    }
}
