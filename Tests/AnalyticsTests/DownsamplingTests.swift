import Foundation
import Testing
@testable import Analytics

@Suite struct LTTBTests {
    @Test func handWorkedExample() {
        // 7 points, threshold 4: inner points 1...5 split like array_split(5, 2) = [1,2,3], [4,5].
        let x: [Double] = [0, 1, 2, 3, 4, 5, 6]
        let y: [Double] = [0, 5, 1, 0, 0, 9, 0]
        // Bin 1: a=(0,0), c = mean of (4,0),(5,9) = (4.5, 4.5): areas |dx*(y-ay) - (ax-x)*dy|
        // with dx = -4.5, dy = 4.5: point1: |-22.5 + 4.5| = 18, point2: |-4.5 + 9| = 4.5,
        // point3: |0 + 13.5| = 13.5 -> index 1. Bin 2: a = (1,5), c = (6,0): dx=-5, dy=-5:
        // point4: |-5*-5 - (-3)(-5)| = 10, point5: |-5*4 - (-4)(-5)| = 40 -> index 5.
        #expect(LTTB.indices(x: x, y: y, threshold: 4) == [0, 1, 5, 6])
    }

    @Test func edgeThresholds() {
        let x = (0..<10).map(Double.init)
        let y = x.map { $0 * $0 }
        #expect(LTTB.indices(x: x, y: y, threshold: 10) == Array(0..<10))
        #expect(LTTB.indices(x: x, y: y, threshold: 50) == Array(0..<10))
        #expect(LTTB.indices(x: x, y: y, threshold: 2) == [0, 9])
        #expect(LTTB.indices(x: x, y: y, threshold: 1) == [0])
        #expect(LTTB.indices(x: x, y: y, threshold: 0) == [])
        #expect(LTTB.indices(x: [], y: [], threshold: 5) == [])
        #expect(LTTB.indices(x: x, y: y, threshold: 3).count == 3)
        let picked = LTTB.indices(x: x, y: y, threshold: 5)
        #expect(picked.count == 5 && picked.first == 0 && picked.last == 9)
        #expect(zip(picked, picked.dropFirst()).allSatisfy { $0 < $1 })
        let points = zip(x, y).map { ChartPoint(x: $0, y: $1) }
        #expect(LTTB.downsample(points, threshold: 5) == picked.map { points[$0] })
    }

    @Test func keepsSpikes() {
        var y = [Double](repeating: 1, count: 10_000)
        y[4321] = 100
        y[8000] = -50
        let picked = LTTB.indices(x: (0..<10_000).map(Double.init), y: y, threshold: 100)
        #expect(picked.contains(4321) && picked.contains(8000))
    }

    @Test func gapsStayGaps() {
        // Hourly series with a missing hour block (x jumps) and a NaN.
        var x: [Double] = []
        var y: [Double] = []
        for h in 0..<100 where !(40..<50).contains(h) {
            x.append(Double(h) * 3600)
            y.append(h == 70 ? .nan : Double(h % 7))
        }
        let segs = ChartDownsampler.segments(x: x, y: y, maxGap: 5400)
        #expect(segs == [0..<40, 40..<60, 61..<90])
        let kept = ChartDownsampler.lttbIndices(x: x, y: y, maxPoints: 30, maxGap: 5400)
        #expect(kept.count == 3)
        #expect(kept.map(\.count).reduce(0, +) == 30)
        #expect(kept.map(\.count) == ChartDownsampler.allocate(budget: 30, lengths: [40, 20, 29]))
        for (seg, k) in zip(segs, kept) {
            #expect(k.first == seg.lowerBound && k.last == seg.upperBound - 1)
        }
        #expect(!kept.joined().contains(60))
        // Everything fits: every finite point, still split at the gaps.
        let all = ChartDownsampler.lttb(zip(x, y).map { ChartPoint(x: $0, y: $1) }, maxPoints: 1000, maxGap: 5400)
        #expect(all.map(\.count) == [40, 20, 29])
    }

    @Test func allocationIsLargestRemainder() {
        #expect(ChartDownsampler.allocate(budget: 10, lengths: [5, 5]) == [5, 5])
        #expect(ChartDownsampler.allocate(budget: 10, lengths: [50, 30, 20]) == [5, 3, 2])
        #expect(ChartDownsampler.allocate(budget: 10, lengths: [35, 35, 30]) == [4, 3, 3])
        #expect(ChartDownsampler.allocate(budget: 2, lengths: [10, 10, 10]) == [1, 1, 0])
        #expect(ChartDownsampler.allocate(budget: 0, lengths: [10]) == [0])
    }

    @Test func m4KeepsExtremesPerColumn() {
        let x = (0..<1000).map(Double.init)
        var y = x.map { sin($0 / 30) }
        y[500] = 10
        let picked = M4.indices(x: x, y: y, columns: 20)
        #expect(picked.count <= 80)
        #expect(picked.contains(500) && picked.first == 0 && picked.last == 999)
        #expect(zip(picked, picked.dropFirst()).allSatisfy { $0 < $1 })
        let segments = ChartDownsampler.m4(zip(x, y).map { ChartPoint(x: $0, y: $1) }, columns: 20)
        #expect(segments.count == 1 && segments[0].count == picked.count)
    }
}
