import Foundation
import Testing
@testable import Analytics

/// The flat bins form that ClickHouse merges with `sumMap`.
@Suite struct SketchBinsTests {
    /// Values on both sides of zero, zeros, tiny and huge magnitudes.
    static func values(seed: UInt64, count: Int) -> [Double] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { i in
            switch i % 7 {
            case 0: return 0
            case 1: return -next() * 50
            case 2: return 1e-12 * next()
            case 3: return next() * 1e300
            default: return next() * 100
            }
        }
    }

    @Test func binsRoundTripWithMinAndMax() throws {
        let sketch = QuantileSketch(Self.values(seed: 7, count: 5_000))
        let bins = sketch.bins()
        #expect(!bins.keys.isEmpty)
        #expect(bins.counts.reduce(0, +) == sketch.count)
        let back = try QuantileSketch(binKeys: bins.keys, counts: bins.counts, min: sketch.min, max: sketch.max)
        #expect(back == sketch)
        for q in [0.01, 0.5, 0.95, 0.99] { #expect(back.quantile(q) == sketch.quantile(q)) }
    }

    /// What `sumMap` does: concatenate every hour's bins, add the counts of equal keys (in any order).
    @Test func summedBinsEqualTheMergedSketch() throws {
        var hours: [QuantileSketch] = []
        for h in 0..<48 { hours.append(QuantileSketch(Self.values(seed: UInt64(h) + 100, count: 60))) }
        let merged = QuantileSketch.merged(hours)
        var keys: [Int32] = [], counts: [UInt64] = []
        for h in hours.reversed() {
            let b = h.bins()
            keys += b.keys
            counts += b.counts
        }
        var summed: [Int32: UInt64] = [:]
        for (k, c) in zip(keys, counts) { summed[k, default: 0] += c }
        let order = summed.keys.shuffled()
        let rebuilt = try QuantileSketch(binKeys: order, counts: order.map { summed[$0]! },
                                         min: hours.map(\.min).min()!, max: hours.map(\.max).max()!)
        #expect(rebuilt == merged)
        #expect(rebuilt.quantile(0.95) == merged.quantile(0.95))
        // The same multiset of keys, unsummed and unsorted, gives the same sketch too.
        #expect(try QuantileSketch(binKeys: keys, counts: counts, min: merged.min, max: merged.max) == merged)
    }

    @Test func keySpacesDoNotOverlap() {
        let extremes = [Double.greatestFiniteMagnitude, QuantileSketch.minIndexableValue, 1]
        for v in extremes {
            let positive = QuantileSketch([v]).bins().keys[0]
            let negative = QuantileSketch([-v]).bins().keys[0]
            #expect(abs(positive) <= QuantileSketch.binKeySpan)
            #expect(abs(negative - QuantileSketch.negativeBinBase) <= QuantileSketch.binKeySpan)
        }
        #expect(QuantileSketch([0.0]).bins().keys == [QuantileSketch.zeroBinKey])
        #expect(QuantileSketch().bins().keys.isEmpty)
    }

    @Test func badBinsAreRejected() {
        #expect(throws: AnalyticsError.self) { try QuantileSketch(binKeys: [1, 2], counts: [1], min: 0, max: 1) }
        #expect(throws: AnalyticsError.self) { try QuantileSketch(binKeys: [1], counts: [0], min: 0, max: 1) }
        #expect(throws: AnalyticsError.self) { try QuantileSketch(binKeys: [1 << 21], counts: [1], min: 0, max: 1) }
        #expect(throws: AnalyticsError.self) { try QuantileSketch(binKeys: [1], counts: [1], min: 2, max: 1) }
        #expect(throws: AnalyticsError.self) { try QuantileSketch(binKeys: [1], counts: [1], min: .nan, max: 1) }
    }
}
