import Connectors
import Foundation
import ReportingTestSupport
@testable import Reporting

/// A tenant written straight into PostgreSQL (and its points into InfluxDB) by a test, with
/// whatever names and tags the test wants. Slugs start `zz-fault-` so the shared fleet
/// fixture's clean-up never touches them; `cleanUp()` removes everything it wrote.
final class ScratchTenant {
    struct DeviceSpec {
        var id = UUID().uuidString.lowercased()
        var name: String
        var tags: [String] = []
        var type = "server"
        var os = "Linux"
    }

    let id: String
    let slug: String
    let name: String
    let devices: [DeviceSpec]
    let config: Configuration
    let servers: Servers

    init(slugTag: String, name: String, devices: [DeviceSpec], branding: [String: String] = [:], timezone: String = "UTC") throws {
        config = try TestEnvironment.configuration()
        servers = Servers(config: config)
        id = UUID().uuidString.lowercased()
        slug = "zz-fault-\(slugTag)-\(UInt32.random(in: 0...UInt32.max))"
        self.name = name
        self.devices = devices
        let pg = try servers.postgres()
        try pg.query("INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')",
                     [id, name, slug], purpose: "test tenant")
        let brandingJSON = String(decoding: try JSONSerialization.data(withJSONObject: branding), as: UTF8.self)
        try pg.query("""
            INSERT INTO reporting.tenant_settings (organization_id, timezone, sla_target_pct, recipients, branding)
            VALUES ($1, $2, 99.9, $3, $4::jsonb)
            """, [id, timezone, ["ops@\(slug).example"], brandingJSON], purpose: "test tenant settings")
        for d in devices {
            try pg.query("""
                INSERT INTO devices (id, organization_id, agent_id, name, device_type, os_type, os_version, ip_address, status, tags,
                                     ram_gb, disk_gb, created_at, last_seen)
                VALUES ($1, $2, $3, $4, $5, $6, '1', '10.0.0.1', 'online', $7, 16, 512, '2025-12-01T00:00:00Z', '2026-03-31T00:00:00Z')
                """, [d.id, id, "agent-\(d.id.prefix(8))", d.name, d.type, d.os, d.tags], purpose: "test device")
        }
    }

    /// One heartbeat a minute and one metrics point every 5 minutes per device over [from, to) (epoch seconds).
    func writePoints(deviceIDs: [String]? = nil, from: Int64, to: Int64, offlineEvery: Int? = nil) throws {
        let influx = try servers.influx()
        var lines = ""
        var n = 0
        for (i, deviceID) in (deviceIDs ?? devices.map(\.id)).enumerated() {
            let tags = ",organization_id=\(try InfluxQL.tag(id)),device_id=\(try InfluxQL.tag(deviceID))"
            var t = from
            var k = 0
            while t < to {
                let online = offlineEvery.map { k % $0 != $0 - 1 } ?? true
                lines += "heartbeat\(tags) online=\(online) \(t)\n"
                if k % 5 == 0 {
                    lines += "system_metrics\(tags) cpu_usage=\(Double(10 + i + k % 7)),memory_usage=\(Double(40 + i)),disk_usage=\(Double(60 + i) + Double(k) / 1000) \(t)\n"
                }
                t += 60
                k += 1
                n += 1
                if n % 5000 == 0 {
                    try influx.write(Array(lines.utf8), purpose: "test points")
                    lines = ""
                }
            }
        }
        if !lines.isEmpty { try influx.write(Array(lines.utf8), purpose: "test points") }
    }

    func cleanUp() {
        if let influx = try? servers.influx() {
            try? influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(id))", purpose: "drop test series")
        }
        if let pg = try? servers.postgres() {
            _ = try? pg.query("DELETE FROM organizations WHERE id = $1", [id], purpose: "drop test tenant")
        }
    }

    /// Environment for a CLI run writing below `out`, with the shipped definitions and templates.
    static func env(out: URL, exchange: String = "unused", extra: [String: String] = [:]) -> [String: String] {
        var e = ["NINJAIT_OUT_DIR": out.path, "NINJAIT_EXCHANGE": exchange,
                 "NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                 "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
        for (k, v) in extra { e[k] = v }
        return e
    }

    /// `Tests/faults/inspect_report.py DIR`: CSV cells, injection and formula violations, as seen by Python.
    static func inspect(_ dir: URL) throws -> TestEnvironment.Output {
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/faults/inspect_report.py").path
        return try TestEnvironment.spawn("/usr/bin/env", ["python3", script, dir.path], environment: ProcessInfo.processInfo.environment)
    }

    /// Every regular file below `dir`, relative paths.
    static func files(under dir: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }
}
