import Foundation
import Testing
@testable import Analytics

@Suite struct QuantileSketchTests {
    static let qs = [0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0]

    func checkAccuracy(_ values: [Double], _ sketch: QuantileSketch, _ what: String) {
        let sorted = values.sorted()
        for q in Self.qs {
            guard let exact = Percentile.lower(sorted: sorted, q), let est = sketch.quantile(q) else {
                Issue.record("\(what): no quantile \(q)")
                continue
            }
            let bound = QuantileSketch.relativeAccuracy * abs(exact) * (1 + 1e-12)
            #expect(abs(est - exact) <= bound, "\(what) q=\(q): \(est) vs exact \(exact)")
        }
    }

    @Test func accuracyOnPercentageDistributions() {
        var rng = SplitMix64(seed: 42)
        let uniform = (0..<20_000).map { _ in rng.unit() * 100 }
        let skewed = (0..<20_000).map { _ in min(100, abs(rng.normal()) * 5) }  // mostly small cpu values
        let spiky = (0..<5_000).map { i in i % 50 == 0 ? 99.5 : 2 + rng.unit() }
        let withZeros = (0..<5_000).map { i in i % 3 == 0 ? 0 : rng.unit() * 100 }
        let withNegatives = (0..<5_000).map { _ in rng.normal() * 10 }
        for (name, values) in [("uniform", uniform), ("skewed", skewed), ("spiky", spiky), ("zeros", withZeros), ("negatives", withNegatives)] {
            checkAccuracy(values, QuantileSketch(values), name)
        }
    }

    @Test func mergedHourlySketchesEqualTheWholeSketch() {
        var rng = SplitMix64(seed: 7)
        var whole = QuantileSketch()
        var hours: [QuantileSketch] = []
        var all: [Double] = []
        for h in 0..<(24 * 31) {
            var s = QuantileSketch()
            for _ in 0..<60 {
                let v = 20 + 10 * sin(Double(h) / 24 * 2 * .pi) + rng.normal() * 3
                s.add(v)
                whole.add(v)
                all.append(v)
            }
            hours.append(s)
        }
        let merged = QuantileSketch.merged(hours)
        #expect(merged == whole)
        #expect(merged.encoded() == whole.encoded())
        checkAccuracy(all, merged, "month of hours")
        // Merge order does not matter either.
        #expect(QuantileSketch.merged(hours.reversed()) == whole)
    }

    @Test func emptyZeroAndNonFinite() {
        var s = QuantileSketch()
        #expect(s.quantile(0.5) == nil)
        #expect(s.isEmpty)
        let addedNaN = s.add(.nan)
        let addedInfinity = s.add(.infinity)
        #expect(!addedNaN && !addedInfinity)
        #expect(s.isEmpty)
        s.add(0)
        s.add(0)
        #expect(s.quantile(0.5) == 0)
        #expect(s.zeroCount == 2)
        #expect(s.quantile(1.5) == nil)
        #expect(s.quantile(-0.1) == nil)
        let single = QuantileSketch([42.0])
        for q in Self.qs { #expect(single.quantile(q) == 42) }
    }

    @Test func encodingRoundTripsAndIsDeterministic() throws {
        var rng = SplitMix64(seed: 3)
        let cases: [[Double]] = [
            [],
            [0],
            [-5, 0, 5],
            (0..<60).map { _ in 30 + rng.normal() },
            (0..<100_000).map { _ in rng.unit() * 100 },
            [1e-300, 1e300, -1e300, Double.leastNonzeroMagnitude],
        ]
        for values in cases {
            let s = QuantileSketch(values)
            let bytes = s.encoded()
            let back = try QuantileSketch(decoding: bytes)
            #expect(back == s)
            #expect(back.encoded() == bytes)
            #expect(back.count == s.count && back.min == s.min && back.max == s.max)
            for q in Self.qs { #expect(back.quantile(q) == s.quantile(q)) }
            // Insertion order does not change the bytes.
            #expect(QuantileSketch(values.reversed()).encoded() == bytes)
        }
        #expect(QuantileSketch().encoded().count == 6)
        #expect(QuantileSketch((0..<60).map { _ in 30 + rng.normal() }).encoded().count < 120)
    }

    @Test func decodingRejectsBadBytes() {
        let good = QuantileSketch([1, 2, 3, 50, 99]).encoded()
        func rejects(_ bytes: [UInt8], _ fragment: String) {
            do {
                _ = try QuantileSketch(decoding: bytes)
                Issue.record("accepted \(bytes)")
            } catch {
                #expect(error.code == .invalidSketchEncoding)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        rejects([], "magic")
        rejects([0x00] + good.dropFirst(), "magic")
        rejects([0x51, 0x09] + good.dropFirst(2), "version")
        for cut in 2..<good.count { rejects(Array(good.prefix(cut)), "truncated") }
        rejects(good + [0], "trailing")
        var wrongCount = good
        wrongCount[2] = 6
        rejects(wrongCount, "add up")
        rejects([0x51, 0x01] + [UInt8](repeating: 0xff, count: 11), "varint")
        // min > max.
        var inverted = [UInt8]([0x51, 0x01, 0x01])
        QuantileSketch.putDouble(5, &inverted)
        QuantileSketch.putDouble(1, &inverted)
        rejects(inverted + [0, 1, 2, 1, 0], "min")
        // Keys not increasing: two buckets with delta 0.
        rejects([0x51, 0x01, 0x02] + doubles(1, 1) + [0, 2, 0, 1, 0, 1, 0], "strictly increasing")
        // Zero-count bucket.
        rejects([0x51, 0x01, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00], "empty bucket")
    }

    func doubles(_ a: Double, _ b: Double) -> [UInt8] {
        var out: [UInt8] = []
        QuantileSketch.putDouble(a, &out)
        QuantileSketch.putDouble(b, &out)
        return out
    }
}

@Suite struct RollupTests {
    @Test func nonFiniteSamplesAreDroppedAndCounted() {
        let cell = RollupCell([1, .nan, 3, .infinity, -.infinity, 5])
        #expect(cell.samples == 3)
        #expect(cell.droppedSamples == 3)
        #expect(cell.sum == 9)
        #expect(cell.mean == 3)
        #expect(cell.minimum == 1 && cell.maximum == 5)
        #expect(cell.sketch.count == 3)
        let empty = RollupCell([.nan])
        #expect(empty.mean == nil && empty.minimum == nil && empty.maximum == nil && empty.quantile(0.5) == nil)
        #expect(empty.droppedSamples == 1)
    }

    @Test func mergeIsSampleWeighted() throws {
        // Hour A: 60 samples of 10; hour B: 1 sample of 100. Mean of means would be 55.
        let a = RollupCell([Double](repeating: 10, count: 60))
        let b = RollupCell([100])
        let day = RollupCell.merged([a, b, RollupCell()])
        #expect(day.samples == 61)
        #expect(day.mean == 700.0 / 61.0)
        #expect(day.minimum == 10 && day.maximum == 100)
        #expect(day.sketch == QuantileSketch([Double](repeating: 10, count: 60) + [100]))
    }

    /// A cell read without its sketch keeps the scalar figures and never answers a percentile,
    /// alone or merged with a full cell (whose sketch then no longer counts every sample).
    @Test func cellWithoutSketchHasNoPercentiles() throws {
        let full = RollupCell([10, 20, 30, 40])
        let bare = try RollupCell(samples: 4, sum: 100, min: 10, max: 40, droppedSamples: 2)
        #expect(bare.mean == 25 && bare.minimum == 10 && bare.maximum == 40 && bare.droppedSamples == 2)
        #expect(!bare.hasPercentiles && bare.quantile(0.5) == nil)
        #expect(full.hasPercentiles && full.quantile(0.5) != nil)
        var merged = full
        merged.merge(bare)
        #expect(merged.samples == 8 && merged.mean == 25)
        #expect(merged.quantile(0.95) == nil)
        #expect(try RollupCell(samples: 0, sum: 0, min: 0, max: 0).hasPercentiles)
        #expect(throws: AnalyticsError.self) { try RollupCell(samples: 2, sum: 3, min: 5, max: 1) }
        #expect(throws: AnalyticsError.self) { try RollupCell(samples: -1, sum: 0, min: 0, max: 0) }
    }

    @Test func hourlyBucketsAndDailyMerges() throws {
        let t0 = Double(utc("2026-10-25T00:00:00Z"))
        var samples: [(timestamp: Double, value: Double)] = []
        for i in 0..<(48 * 60) { samples.append((t0 + Double(i) * 60 + 0.5, Double(i % 100))) }
        samples.append((t0 + 30, .nan))
        let rollup = try HourlyRollup(samples: samples)
        #expect(rollup.cells.count == 48)
        #expect(rollup.cells.allSatisfy { $0.cell.samples == 60 })
        #expect(rollup.cells[0].cell.droppedSamples == 1)
        #expect(rollup.cells[1].start - rollup.cells[0].start == 3600)
        let total = rollup.total
        #expect(total.samples == 48 * 60)
        #expect(total.sum == samples.filter { $0.value.isFinite }.map(\.value).reduce(0, +))
        let day1 = rollup.merged(over: EpochInterval(start: Int64(t0), end: Int64(t0) + 86_400))
        #expect(day1.samples == 24 * 60)
        // Local days of Europe/Berlin (Oct 25 has 25 hours) from UTC hours.
        let days = try ReportPeriod.parse("2026-10-25..2026-10-26", relativeTo: Date(), in: zone("Europe/Berlin")).dayBuckets
        let cells = rollup.merged(into: days)
        // Oct 25 (25 h) is 22:00Z..23:00Z; the data starts at 00:00Z: 23 hours. Oct 26 is fully covered.
        #expect(cells.map(\.samples) == [23 * 60, 24 * 60])
        // Stored columns round-trip and are validated.
        let c = rollup.cells[5].cell
        let stored = try RollupCell(samples: c.samples, sum: c.sum, min: c.min, max: c.max, droppedSamples: c.droppedSamples,
                                    sketch: try QuantileSketch(decoding: c.sketch.encoded()))
        #expect(stored == c)
        #expect(throws: AnalyticsError.self) { try RollupCell(samples: 3, sum: 1, min: 0, max: 1, sketch: QuantileSketch()) }
        #expect(throws: AnalyticsError.self) { try HourlyRollup(bucketSeconds: 7 * 60) }
        #expect(try HourlyRollup(bucketSeconds: 900).bucketStart(of: t0 + 1000) == Int64(t0) + 900)
        #expect(try HourlyRollup().bucketStart(of: -0.5) == -3600)
    }
}
