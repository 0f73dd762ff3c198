import Analytics
import Foundation
import Testing
@testable import Rendering

/// The HTML charts draw the reference LTTB series of Analytics, run by run around gaps.
@Suite struct ChartDownsamplingTests {
    static func series(count: Int, gapAt isGap: (Int) -> Bool) -> ChartSeries {
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        return ChartSeries(name: "s", points: (0..<count).map { i in
            ChartSeries.Point(x: t0.addingTimeInterval(Double(i) * 60), y: isGap(i) ? nil : sin(Double(i) / 50) * 40 + Double(i % 17))
        })
    }

    @Test func downsamplingRespectsTheLimitAndKeepsGaps() {
        let t0 = Date(timeIntervalSince1970: 0)
        let points = (0..<5_000).map { ChartSeries.Point(x: t0.addingTimeInterval(Double($0)), y: $0 % 1000 == 500 ? nil : sin(Double($0) / 50)) }
        let out = ChartSeries(name: "s", points: points).downsampled(to: 300).points
        #expect(out.count <= 320)
        #expect(out.filter { $0.y == nil }.count == 5)
        #expect(out.first?.x == points.first?.x && out.last?.x == points.last?.x)
    }

    @Test func aGapFreeSeriesIsExactlyTheReferenceLTTB() {
        let s = Self.series(count: 5_000, gapAt: { _ in false })
        let reference = LTTB.downsample(s.points.map { ChartPoint(x: $0.x.timeIntervalSince1970, y: $0.y!) }, threshold: 400)
        let chart = s.downsampled(to: 400).points
        #expect(chart.count == 400)
        #expect(chart.map { ChartPoint(x: $0.x.timeIntervalSince1970, y: $0.y!) } == reference)
    }

    @Test func eachRunBetweenGapsIsTheReferenceLTTBOfThatRun() {
        // Gaps: a leading one, single missing points, a block of 200, a trailing one.
        let isGap: (Int) -> Bool = { i in i < 3 || i == 1_000 || i == 1_001 || (2_500..<2_700).contains(i) || i == 4_000 || i >= 4_990 }
        let s = Self.series(count: 5_000, gapAt: isGap)
        let budget = 300
        let chart = s.downsampled(to: budget).points

        // The runs of the input and of the chart, split at the gaps.
        func runs(_ points: [ChartSeries.Point]) -> [[ChartSeries.Point]] {
            var out: [[ChartSeries.Point]] = [], current: [ChartSeries.Point] = []
            for p in points {
                if p.y == nil { if !current.isEmpty { out.append(current); current = [] } } else { current.append(p) }
            }
            if !current.isEmpty { out.append(current) }
            return out
        }
        let inputRuns = runs(s.points)
        let chartRuns = runs(chart)
        #expect(inputRuns.count == 4)
        #expect(chartRuns.count == inputRuns.count)
        let quotas = ChartDownsampler.allocate(budget: budget, lengths: inputRuns.map(\.count))
        #expect(quotas.reduce(0, +) == budget)
        for (k, (run, quota)) in zip(inputRuns, quotas).enumerated() {
            let x = run.map { $0.x.timeIntervalSince1970 }, y = run.map { $0.y! }
            let reference = LTTB.indices(x: x, y: y, threshold: quota).map { run[$0] }
            #expect(chartRuns[k] == reference, "run \(k)")
        }
        // Every gap keeps its first and last point, so the line breaks and the axis spans the same time.
        let gapEdges = s.points.indices.filter { i in
            isGap(i) && (i == 0 || !isGap(i - 1) || i == s.points.count - 1 || !isGap(i + 1))
        }.map { s.points[$0] }
        #expect(chart.filter { $0.y == nil } == gapEdges)
        #expect(chart.first?.x == s.points.first?.x && chart.last?.x == s.points.last?.x)
    }

    @Test func aShortSeriesIsLeftAlone() {
        let s = Self.series(count: 300, gapAt: { $0 % 50 == 7 })
        #expect(s.downsampled(to: 400) == s)
    }
}
