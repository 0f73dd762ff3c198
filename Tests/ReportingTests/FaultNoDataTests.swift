import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// A tenant with no devices and a device with no data at all give
/// reports that say "no data" explicitly — never a crash, never 100 %.
@Suite("No data: empty tenants and silent devices", .serialized)
struct FaultNoDataTests {
    func csv(_ dir: URL) throws -> [String: [[String]]] {
        let inspected = try ScratchTenant.inspect(dir)
        guard inspected.status == 0 else { throw ReportingError(.io, "inspect_report.py: \(inspected.stderr)") }
        let report = try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as! [String: Any]
        return report["csv"] as! [String: [[String]]]
    }

    /// The `value` of KPI `key` in summary.csv.
    func summaryValue(_ rows: [[String]]?, _ key: String) -> String? {
        rows?.first { $0.first == key }.map { $0[2] }
    }

    @Test func tenantWithoutDevicesSaysNoDataNever100() throws {
        let tenant = try ScratchTenant(slugTag: "empty", name: "Empty tenant", devices: [])
        defer { tenant.cleanUp() }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for kind in ["sla", "inventory", "performance", "alerts"] {
            let result = try TestEnvironment.run(["run", kind, "--tenant", tenant.slug, "--period", "2026-03-10", "--no-publish"],
                                                 environment: ScratchTenant.env(out: out))
            #expect(result.status == 0, "\(kind): \(result.stdout)\(result.stderr)")
            let dir = out.appendingPathComponent("\(tenant.slug)/\(kind)/2026-03-10")
            let html = try String(contentsOf: dir.appendingPathComponent("\(kind)_\(tenant.slug)_2026-03-10.html"), encoding: .utf8)
            #expect(html.lowercased().contains("no data") || kind == "alerts", "\(kind): says no data")
            let tables = try csv(dir)
            #expect(tables["summary.csv"] != nil)
            if kind == "sla" {
                #expect(summaryValue(tables["summary.csv"], "availability_pct") == "", "no availability, not 100: \(tables["summary.csv"]!)")
                #expect(summaryValue(tables["summary.csv"], "sla_met") == "no data")
                #expect(summaryValue(tables["summary.csv"], "devices") == "0")
                #expect(html.contains("—"), "availability shown as a dash")
                #expect(!html.contains("100.000"), "never 100 % for no data")
                for row in tables["daily.csv"]?.dropFirst() ?? [] {
                    #expect(!row.contains("100.000"), "a day without monitoring is not 100 %: \(row)")
                }
            }
        }
    }

    @Test func deviceWithoutAnyDataIsDownNotUp() throws {
        let tenant = try ScratchTenant(slugTag: "silent", name: "Silent device tenant",
                                       devices: [ScratchTenant.DeviceSpec(name: "never-reported")])
        defer { tenant.cleanUp() }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        for kind in ["sla", "performance", "inventory"] {
            let result = try TestEnvironment.run(["run", kind, "--tenant", tenant.slug, "--period", "2026-03-10", "--no-publish"],
                                                 environment: ScratchTenant.env(out: out))
            #expect(result.status == 0, "\(kind): \(result.stdout)\(result.stderr)")
            let dir = out.appendingPathComponent("\(tenant.slug)/\(kind)/2026-03-10")
            let html = try String(contentsOf: dir.appendingPathComponent("\(kind)_\(tenant.slug)_2026-03-10.html"), encoding: .utf8)
            let tables = try csv(dir)
            switch kind {
            case "sla":
                // A device with no heartbeat at all is down, so 0 %, never 100 %.
                #expect(summaryValue(tables["summary.csv"], "availability_pct") == "0.000", "\(tables["summary.csv"]!)")
                #expect(summaryValue(tables["summary.csv"], "sla_met") == "breached")
                let devices = try #require(tables["devices.csv"])
                let column = try #require(devices[0].firstIndex(of: "availability_pct"))
                try #require(devices.count == 2, "the silent device is listed")
                #expect(devices[1][column] == "0.000")
                #expect(!html.contains("100.000"))
            case "performance":
                #expect(html.lowercased().contains("no data"), "performance says no data")
            default:
                let devices = try #require(tables["devices.csv"])
                try #require(devices.count == 2, "the silent device is listed")
                for key in ["cpu_mean", "memory_mean", "disk_mean"] {
                    let c = try #require(devices[0].firstIndex(of: key))
                    #expect(devices[1][c] == "", "\(key) is empty without samples, never 0")
                }
            }
        }
    }
}
