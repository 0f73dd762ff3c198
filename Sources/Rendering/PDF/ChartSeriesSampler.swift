import Analytics
import Foundation

/// A chart series ready to draw: gap-free segments of (epoch seconds, value), downsampled.
struct SampledSeries {
    var name: String
    var segments: [[(x: Double, y: Double)]]

    var pointCount: Int { segments.reduce(0) { $0 + $1.count } }
}

/// Downsamples chart series with Analytics' gap-aware LTTB: nil or non-finite values are gaps
/// that stay gaps, and the point budget is shared by the segments between them.
enum ChartSeriesSampler {
    static func sample(_ series: ChartSeries, maxPoints: Int) -> SampledSeries {
        let x = series.points.map { $0.x.timeIntervalSince1970 }
        let y = series.points.map { p -> Double in
            guard let v = p.y, v.isFinite else { return .nan }
            return v
        }
        let picked = ChartDownsampler.lttbIndices(x: x, y: y, maxPoints: max(3, maxPoints))
        return SampledSeries(name: series.name, segments: picked.map { seg in seg.map { (x[$0], y[$0]) } })
    }
}
