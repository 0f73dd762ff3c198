/// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013), index-exact with the
/// PyPI `lttb` package (0.3.x).
///
/// Given `n` points and a threshold `m` (`3 ≤ m < n`): the first and the last point are
/// kept; the `n − 2` inner points are split into `m − 2` bins like `numpy.array_split`
/// (the first `(n−2) mod (m−2)` bins hold one point more); in each bin the point forming
/// the largest triangle with the previously chosen point and the centroid of the next bin
/// (the last point, for the last bin) is chosen, the first one on ties. `m ≥ n` keeps every
/// point; `m` of 2, 1, 0 keeps first+last, the first, nothing. x must be strictly increasing
/// and x, y finite (use `ChartDownsampler` for series with gaps or NaN).
public enum LTTB {
    /// Indices (ascending) of the points LTTB keeps out of `x.count` points.
    public static func indices(x: [Double], y: [Double], threshold: Int) -> [Int] {
        let n = Swift.min(x.count, y.count)
        return x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                indices(x: xs, y: ys, count: n, threshold: threshold)
            }
        }
    }

    /// The points LTTB keeps out of `points`.
    public static func downsample(_ points: [ChartPoint], threshold: Int) -> [ChartPoint] {
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        return indices(x: xs, y: ys, threshold: threshold).map { points[$0] }
    }

    /// The core loop over raw buffers (`count` points from each).
    public static func indices(x: UnsafeBufferPointer<Double>, y: UnsafeBufferPointer<Double>, count n: Int, threshold: Int) -> [Int] {
        if threshold >= n { return Array(0..<n) }
        if threshold <= 0 || n == 0 { return [] }
        if threshold == 1 { return [0] }
        if threshold == 2 { return [0, n - 1] }
        let bins = threshold - 2
        let inner = n - 2
        let base = inner / bins
        let extra = inner % bins
        @inline(__always) func binStart(_ i: Int) -> Int { 1 + i * base + Swift.min(i, extra) }

        var out = [Int](repeating: 0, count: threshold)
        out[threshold - 1] = n - 1
        var ax = x[0]
        var ay = y[0]
        var start = 1
        for i in 0..<bins {
            let end = binStart(i + 1)
            let cx: Double
            let cy: Double
            if i < bins - 1 {
                let nextEnd = binStart(i + 2)
                var sx = 0.0
                var sy = 0.0
                for j in end..<nextEnd {
                    sx += x[j]
                    sy += y[j]
                }
                let m = Double(nextEnd - end)
                cx = sx / m
                cy = sy / m
            } else {
                cx = x[n - 1]
                cy = y[n - 1]
            }
            let dx = ax - cx
            let dy = cy - ay
            var best = start
            var bestArea = -1.0
            for j in start..<end {
                // Same operations, same order as lttb._areas_of_triangles (without the 0.5).
                let area = abs(dx * (y[j] - ay) - (ax - x[j]) * dy)
                if area > bestArea {
                    bestArea = area
                    best = j
                }
            }
            out[i + 1] = best
            ax = x[best]
            ay = y[best]
            start = end
        }
        return out
    }
}
