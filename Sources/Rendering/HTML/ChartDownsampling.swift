import Foundation

/// Largest-Triangle-Three-Buckets (Steinarsson 2013) for chart display, gap-aware.
///
/// The analytics module owns the reference LTTB for report data; this copy only keeps
/// inline SVG small when a caller hands over a longer series. Runs between gaps (nil y)
/// are downsampled separately, each to its share of `limit`, and the gaps are kept.
enum ChartDownsampling {
    static func downsample(_ points: [ChartSeries.Point], limit: Int) -> [ChartSeries.Point] {
        guard points.count > limit, limit >= 3 else { return points }
        var runs: [[ChartSeries.Point]] = []
        var current: [ChartSeries.Point] = []
        for p in points {
            if p.y == nil {
                if !current.isEmpty { runs.append(current); current = [] }
            } else {
                current.append(p)
            }
        }
        if !current.isEmpty { runs.append(current) }
        let valued = runs.reduce(0) { $0 + $1.count }
        guard valued > 0 else { return [] }
        var out: [ChartSeries.Point] = []
        for (i, run) in runs.enumerated() {
            if i > 0, let last = out.last { out.append(ChartSeries.Point(x: last.x, y: nil)) }
            let share = max(3, limit * run.count / valued)
            out += lttb(run, threshold: share)
        }
        return out
    }

    static func lttb(_ data: [ChartSeries.Point], threshold: Int) -> [ChartSeries.Point] {
        guard threshold < data.count, threshold >= 3 else { return data }
        let xs = data.map { $0.x.timeIntervalSince1970 }
        let ys = data.map { $0.y ?? 0 }
        var sampled: [ChartSeries.Point] = [data[0]]
        let every = Double(data.count - 2) / Double(threshold - 2)
        var a = 0
        for i in 0..<(threshold - 2) {
            let avgStart = Int(Double(i + 1) * every) + 1
            let avgEnd = min(Int(Double(i + 2) * every) + 1, data.count)
            var avgX = 0.0, avgY = 0.0
            for j in avgStart..<avgEnd { avgX += xs[j]; avgY += ys[j] }
            let n = Double(max(avgEnd - avgStart, 1))
            avgX /= n; avgY /= n
            let rangeStart = Int(Double(i) * every) + 1
            let rangeEnd = Int(Double(i + 1) * every) + 1
            var maxArea = -1.0
            var next = rangeStart
            for j in rangeStart..<rangeEnd {
                let area = abs((xs[a] - avgX) * (ys[j] - ys[a]) - (xs[a] - xs[j]) * (avgY - ys[a])) * 0.5
                if area > maxArea { maxArea = area; next = j }
            }
            sampled.append(data[next])
            a = next
        }
        sampled.append(data[data.count - 1])
        return sampled
    }
}
