import Analytics
import Foundation

/// `ninjait-bench analytics [--lttb-points N] [--lttb-threshold M] [--lttb-file FILE]
/// [--devices N] [--repeat R]`: the measured side of `scripts/bench analytics`.
///
/// Prints machine-readable lines `name value unit`. The LTTB input (a seeded random walk,
/// x = epoch seconds every 60 s) is written to `--lttb-file` as float64 pairs so that the
/// C and Python peers in scripts/bench.d/analytics run on the very same points and their
/// kept indices can be compared by checksum. Timings are the best of `--repeat` runs on
/// one core; data generation is never timed.
func analyticsBench(_ arguments: [String]) throws {
    var points = 1_000_000
    var threshold = 1000
    var lttbFile: String?
    var devices = 10_000
    var repeats = 7
    var i = 0
    while i < arguments.count {
        let value = i + 1 < arguments.count ? arguments[i + 1] : ""
        switch arguments[i] {
        case "--lttb-points": points = Int(value) ?? points
        case "--lttb-threshold": threshold = Int(value) ?? threshold
        case "--lttb-file": lttbFile = value
        case "--devices": devices = Int(value) ?? devices
        case "--repeat": repeats = max(1, Int(value) ?? repeats)
        default: throw AnalyticsBenchError.usage("unknown option \(arguments[i])")
        }
        i += 2
    }
    var rng = AnalyticsBench.Random(seed: 0xA11A_2026)
    try AnalyticsBench.lttb(points: points, threshold: threshold, file: lttbFile, repeats: repeats, rng: &rng)
    try AnalyticsBench.sla(devices: devices, rng: &rng)
    AnalyticsBench.sketch(rng: &rng)
}

enum AnalyticsBenchError: Error, CustomStringConvertible {
    case usage(String)
    var description: String {
        switch self { case .usage(let s): return "\(s); usage: ninjait-bench analytics [--lttb-points N] [--lttb-threshold M] [--lttb-file FILE] [--devices N] [--repeat R]" }
    }
}

/// The pieces of the analytics bench.
enum AnalyticsBench {
    /// The project's SplitMix64, for reproducible bench data.
    typealias Random = SplitMix64

    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    static func lttb(points: Int, threshold: Int, file: String?, repeats: Int, rng: inout Random) throws {
        var x = [Double](repeating: 0, count: points)
        var y = [Double](repeating: 0, count: points)
        var walk = 50.0
        for k in 0..<points {
            x[k] = 1_792_800_000 + 60 * Double(k)
            walk += rng.unit() - 0.5
            y[k] = walk
        }
        if let file {
            var bytes = [UInt8]()
            bytes.reserveCapacity(points * 16)
            for k in 0..<points {
                withUnsafeBytes(of: x[k].bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: y[k].bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        var best = Double.infinity
        var kept: [Int] = []
        for _ in 0..<repeats {
            best = min(best, milliseconds { kept = LTTB.indices(x: x, y: y, threshold: threshold) })
        }
        print("lttb_points \(points) points")
        print("lttb_threshold \(threshold) points")
        print("lttb_swift_ms \(String(format: "%.3f", best)) ms")
        print("lttb_swift_checksum \(kept.reduce(0, +)) sum")
    }

    static func sla(devices: Int, rng: inout Random) throws {
        let start: Int64 = 1_792_800_000
        let period = EpochInterval(start: start, end: start + 86_400)
        let engine = try SLAEngine(period: period, policy: SLAPolicy(graceSeconds: 180, outageMinimumSeconds: 180),
                                   tenantMaintenance: MaintenanceSchedule([EpochInterval(start: start + 7200, end: start + 9000)]),
                                   breakdown: (0..<24).map { EpochInterval(start: start + Int64($0) * 3600, end: start + Int64($0 + 1) * 3600) })
        var buffer: [Heartbeat] = []
        buffer.reserveCapacity(1600)
        var streamMs = 0.0
        var gapsMs = 0.0
        var heartbeats = 0
        var results: [DeviceAvailability] = []
        results.reserveCapacity(devices)
        for _ in 0..<devices {
            buffer.removeAll(keepingCapacity: true)
            var t = start - Int64(rng.below(60))
            while t < period.end + 60 {
                buffer.append(Heartbeat(time: t, online: true))
                t += rng.below(400) == 0 ? Int64(180 + rng.below(3600)) : Int64(58 + rng.below(5))
            }
            heartbeats += buffer.count
            var result: DeviceAvailability?
            streamMs += try milliseconds {
                var acc = engine.accumulator(createdAt: 0)
                for h in buffer { try acc.add(time: h.time, online: h.online) }
                result = acc.finish()
            }
            let summary = HeartbeatGapSummary(heartbeats: buffer, graceSeconds: 180)
            var viaGaps: DeviceAvailability?
            gapsMs += try milliseconds { viaGaps = try engine.device(gaps: summary, createdAt: 0) }
            guard let result, result == viaGaps else { throw AnalyticsBenchError.usage("SLA paths disagree") }
            results.append(result)
        }
        let tenant = TenantAvailability(devices: results)
        print("sla_devices \(devices) devices")
        print("sla_heartbeats \(heartbeats) heartbeats")
        print("sla_stream_ms \(String(format: "%.1f", streamMs)) ms")
        print("sla_gaps_ms \(String(format: "%.1f", gapsMs)) ms")
        print("sla_heartbeats_per_s \(Int(Double(heartbeats) / (streamMs / 1000))) heartbeats/s")
        print("sla_tenant_availability_pct \(String(format: "%.4f", tenant.totals.availabilityPercent ?? 0)) %")
        print("sla_outages \(tenant.totals.outageCount) outages")
    }

    static func sketch(rng: inout Random) {
        let values = (0..<2_000_000).map { _ in rng.unit() * rng.unit() * 100 }
        var sketch = QuantileSketch()
        let insertMs = milliseconds { for v in values { sketch.add(v) } }
        // Hourly sketches of 60 samples each, as the rollup builds them.
        var hourly: [QuantileSketch] = []
        hourly.reserveCapacity(10_000)
        let hourlyMs = milliseconds {
            for h in 0..<10_000 {
                // A realistic hour: one level (e.g. 35 % CPU) with a few percent of noise.
                let level = 1 + values[h] * 0.99
                var s = QuantileSketch()
                for k in 0..<60 { s.add(level * (0.9 + 0.2 * values[(h * 60 + k + 7) % values.count] / 100)) }
                hourly.append(s)
            }
        }
        var merged = QuantileSketch()
        let mergeMs = milliseconds { for s in hourly { merged.merge(s) } }
        var encoded: [[UInt8]] = []
        let encodeMs = milliseconds { encoded = hourly.map { $0.encoded() } }
        var decodedCount: UInt64 = 0
        let decodeMs = milliseconds {
            for bytes in encoded { decodedCount += (try? QuantileSketch(decoding: bytes))?.count ?? 0 }
        }
        let bytesPerHour = Double(encoded.map(\.count).reduce(0, +)) / Double(encoded.count)
        print("sketch_insert_per_s \(Int(Double(values.count) / (insertMs / 1000))) values/s")
        print("sketch_hourly_insert_per_s \(Int(Double(10_000 * 60) / (hourlyMs / 1000))) values/s")
        print("sketch_merge_per_s \(Int(Double(hourly.count) / (mergeMs / 1000))) sketches/s")
        print("sketch_encode_per_s \(Int(Double(hourly.count) / (encodeMs / 1000))) sketches/s")
        print("sketch_decode_per_s \(Int(Double(hourly.count) / (decodeMs / 1000))) sketches/s")
        print("sketch_bytes_per_hour \(String(format: "%.1f", bytesPerHour)) bytes")
        print("sketch_p99_check \(String(format: "%.4f", merged.quantile(0.99) ?? 0)) value \(decodedCount == merged.count ? "ok" : "MISMATCH")")
    }
}
