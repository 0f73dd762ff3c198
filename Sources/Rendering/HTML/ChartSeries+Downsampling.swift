import Analytics
import Foundation

extension ChartSeries {
    /// The series cut to at most `maxPoints` valued points by LTTB on each gap-free run; gaps stay gaps.
    ///
    /// A point without a finite value is a gap. The runs between gaps go through Analytics'
    /// `ChartDownsampler`: the budget is shared by the runs in proportion to their lengths
    /// (largest remainder first), then each run is reduced with the reference `LTTB`, so a
    /// chart draws exactly the LTTB series of its data. Every gap keeps its first and its
    /// last point, on top of the budget, so the line still breaks there and the x axis spans
    /// the same time as the full series. A series of at most `maxPoints` points comes back as it is.
    func downsampled(to maxPoints: Int) -> ChartSeries {
        guard points.count > maxPoints else { return self }
        let x = points.map { $0.x.timeIntervalSince1970 }
        let y = points.map { point -> Double in
            guard let v = point.y, v.isFinite else { return .nan }
            return v
        }
        var kept = Array(ChartDownsampler.lttbIndices(x: x, y: y, maxPoints: maxPoints).joined())
        for i in y.indices where !y[i].isFinite {
            let startsGap = i == 0 || y[i - 1].isFinite
            let endsGap = i == y.count - 1 || y[i + 1].isFinite
            if startsGap || endsGap { kept.append(i) }
        }
        kept.sort()
        return ChartSeries(name: name, points: kept.map { points[$0] })
    }
}
