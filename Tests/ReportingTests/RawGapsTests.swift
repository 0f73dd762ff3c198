import Analytics
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// The InfluxDB tier's pushed-down heartbeat summary (first/last + `elapsed()` gaps) equals the
/// summary folded from every point, including sub-second times, gaps at exactly `grace`, and
/// devices that reported offline (which fall back to every point).
@Suite("InfluxDB heartbeat gaps pushed down", .serialized)
struct RawGapsTests {
    @Test func pushedDownSummariesEqualPointByPointSummaries() throws {
        let servers = Servers(config: try TestEnvironment.configuration())
        let influx = try servers.influx()
        let org = "zz-gaps-\(UInt32.random(in: 0...UInt32.max))"
        let base: Int64 = 1_700_000_040  // a whole minute
        var lines = ""
        // Device a: regular 60 s with sub-second jitter, one gap of exactly grace (180 s, not a gap)
        // and one of 180.875 s that is 181 s between truncated seconds (a gap, as in the rollups).
        var t = Double(base) + 0.25
        for i in 0..<120 {
            t += i == 30 ? 180 : (i == 60 ? 180.875 : 60)
            lines += "heartbeat,organization_id=\(org),device_id=a online=true \(Int64(t * 1e9))\n"
        }
        // Device b: goes offline for a while (reported false), then back.
        for i in 0..<120 {
            let online = !(40..<55).contains(i)
            lines += "heartbeat,organization_id=\(org),device_id=b online=\(online) \((base + Int64(i) * 60) * 1_000_000_000)\n"
        }
        // Device c: a long silence, no flags.
        for i in 0..<120 where !(50..<80).contains(i) {
            lines += "heartbeat,organization_id=\(org),device_id=c online=true \((base + Int64(i) * 60 + 7) * 1_000_000_000)\n"
        }
        try influx.write(Array(lines.utf8), precision: "ns", purpose: "test: write heartbeats")
        defer { try? influx.execute("DROP SERIES FROM heartbeat WHERE organization_id = '\(org)'", purpose: "test: clean up") }

        let reader = RawHistoryReader(influx: influx)
        let grid = HourGrid(offset: 0)
        let from = base - 3600, to = base + 4 * 3600
        for grace: Int64 in [180, 300] {
            var pointwise: [String: HeartbeatGapSummary] = [:]
            try reader.heartbeats(organizationID: org, grid: grid, from: from, to: to, purpose: "test: points") { device, hours in
                pointwise[device] = SummaryStitcher.stitch(hours.filter(\.hasHeartbeats).map(\.summary), grace: grace)
            }
            var pushed: [String: HeartbeatGapSummary] = [:]
            try reader.heartbeatSummaries(organizationID: org, grid: grid, from: from, to: to, grace: grace, purpose: "test: pushed") { device, s in
                pushed[device] = s
            }
            #expect(Set(pushed.keys) == ["a", "b", "c"])
            for device in ["a", "b", "c"] {
                #expect(pushed[device] == pointwise[device], "device \(device) with grace \(grace)")
            }
            if grace == 180 {
                #expect(pushed["a"]?.gaps.map(\.seconds) == [181], "only the gap over grace, between truncated seconds")
                #expect(pushed["b"]?.transitions.count == 2)
                #expect(pushed["c"]?.gaps.map(\.seconds) == [31 * 60])
            }
        }
    }
}
