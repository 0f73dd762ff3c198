import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Hostile tenant names, device names, tags and alert texts go
/// through PostgreSQL, InfluxDB and every renderer; queries stay correct and outputs stay inert.
@Suite("Hostile data: injection strings in names, tags and alerts", .serialized)
struct HostileDataTests {
    static let long = String(repeating: "long<b>", count: 720) // 5,040 characters
    static let hostile: [String] = [
        "' OR 1=1--", "x\\' OR 1=1", "\"", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)",
        long, "line1\nline2", "\u{202E}exe.txt", "-2+3", "<img src=x onerror=alert(1)>", "\tTAB", "\\", "a,b;\"c\"\r\nd",
    ]

    /// Whether every occurrence of U+202E in `html` sits inside a `<bdi>` element.
    static func overridesIsolated(_ html: String) -> Bool {
        var rest = html[...]
        while let r = rest.range(of: "\u{202E}") {
            let before = html[..<r.lowerBound]
            let open = before.range(of: "<bdi", options: .backwards)?.lowerBound
            let close = before.range(of: "</bdi>", options: .backwards)?.lowerBound
            guard let open, close == nil || close! < open else { return false }
            rest = html[r.upperBound...]
        }
        return true
    }

    @Test func hostileNamesAndTagsStayInertInEveryFormat() throws {
        let devices = Self.hostile.enumerated().map { i, h in
            ScratchTenant.DeviceSpec(name: h, tags: [Self.hostile[(i + 3) % Self.hostile.count], "site=' OR ''='", "x\\"])
        }
        let tenant = try ScratchTenant(
            slugTag: "hostile", name: "<script>alert(\"t\")</script> & ' OR 1=1-- \u{202E}gnp.exe",
            devices: devices,
            branding: ["display_name": "<img src=x onerror=alert(2)>", "accent_color": "red;background:url(http://evil.example/x)",
                       "logo_data_uri": "javascript:alert(3)"])
        defer { tenant.cleanUp() }
        let dayStart: Int64 = 1_773_100_800 // 2026-03-10T00:00:00Z
        try tenant.writePoints(from: dayStart - 7_200, to: dayStart + 86_400 + 7_200, offlineEvery: 97)
        let pg = try tenant.servers.postgres()
        for (i, d) in devices.enumerated() {
            try pg.query("""
                INSERT INTO alerts (id, organization_id, device_id, alert_type, severity, message, triggered_at, resolved_at, is_resolved)
                VALUES ($1, $2, $3, $4, 'critical', $5, $6, $7, true)
                """, [UUID().uuidString.lowercased(), tenant.id, d.id, "=cmd|' /C calc'!A0", Self.hostile[i],
                      Date(timeIntervalSince1970: TimeInterval(dayStart + 3_600 + Int64(i) * 60)),
                      Date(timeIntervalSince1970: TimeInterval(dayStart + 7_200 + Int64(i) * 60))], purpose: "test alert")
        }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        var xlsxOpened = 0
        for kind in ["inventory", "sla", "alerts"] {
            let result = try TestEnvironment.run(["run", kind, "--tenant", tenant.slug, "--period", "2026-03-10", "--no-publish"],
                                                 environment: ScratchTenant.env(out: out))
            #expect(result.status == 0, "\(kind): \(result.stdout)\(result.stderr)")
            let dir = out.appendingPathComponent("\(tenant.slug)/\(kind)/2026-03-10")
            let html = try String(contentsOf: dir.appendingPathComponent("\(kind)_\(tenant.slug)_2026-03-10.html"), encoding: .utf8)
            let lower = html.lowercased()
            #expect(!lower.contains("<script"), "\(kind): no script element")
            #expect(!lower.contains("<img"), "\(kind): no img element")
            #expect(!lower.contains("javascript:"), "\(kind): hostile logo URI rejected")
            #expect(!lower.contains("url(http"), "\(kind): hostile accent colour rejected")
            #expect(!html.contains("<b>"), "\(kind): markup in names is escaped")
            #expect(html.contains("&lt;img src"), "\(kind): the hostile display name is shown, escaped")
            if kind != "alerts" { #expect(html.contains("&lt;script&gt;alert(1)"), "\(kind): the hostile device name is shown, escaped") }
            #expect(Self.overridesIsolated(html), "\(kind): U+202E isolated in <bdi>")
            let inspected = try ScratchTenant.inspect(dir)
            #expect(inspected.status == 0, "\(inspected.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as! [String: Any]
            #expect((report["csv_violations"] as! [Any]).isEmpty, "\(kind): CSV injection: \(report["csv_violations"]!)")
            #expect((report["xlsx_violations"] as! [Any]).isEmpty, "\(kind): XLSX formulas: \(report["xlsx_violations"]!)")
            xlsxOpened += report["xlsx_opened"] as! Int
            let csv = report["csv"] as! [String: [[String]]]
            let cells = Set(csv.values.flatMap { $0.flatMap { $0 } })
            switch kind {
            case "inventory":
                let rows = try #require(csv["devices.csv"])
                #expect(rows.count == devices.count + 1, "every device, and only those")
                let idColumn = try #require(rows[0].firstIndex(of: "device_id"))
                #expect(Set(rows.dropFirst().map { $0[idColumn] }) == Set(devices.map(\.id)))
                #expect(cells.contains("'=HYPERLINK(\"http://x\",\"y\")"))
                #expect(cells.contains("'+1") && cells.contains("'@SUM(A1)") && cells.contains("'-2+3") && cells.contains("'\tTAB"))
                #expect(cells.contains("' OR 1=1--") && cells.contains("x\\' OR 1=1") && cells.contains("\"") && cells.contains("\\"))
                #expect(cells.contains("line1\nline2") && cells.contains("a,b;\"c\"\r\nd"), "embedded newlines round-trip through RFC 4180")
                #expect(cells.contains(Self.long), "a 5,040-character name is kept whole in CSV")
                #expect(cells.contains("<script>alert(1)</script>"), "CSV is data, not markup: kept verbatim")
                let strings = Set(report["xlsx_strings"] as! [String])
                #expect(strings.contains("=HYPERLINK(\"http://x\",\"y\")") || strings.contains("'=HYPERLINK(\"http://x\",\"y\")"),
                        "the formula-like name is a string cell")
            case "sla":
                let rows = try #require(csv["devices.csv"])
                #expect(rows.count == devices.count + 1)
            default:
                let all = csv.values.flatMap { $0.flatMap { $0 } }
                #expect(all.contains("'=cmd|' /C calc'!A0"), "alert type neutralised")
            }
        }
        #expect(xlsxOpened == 3, "openpyxl opens every XLSX")
    }

    /// Slugs are folder names: a slug with a path or a quote is refused for that tenant only,
    /// nothing is written outside the output folder, and the other tenant of the run completes.
    @Test func unsafeSlugsAreRefusedAndWriteNothingOutsideTheOutputFolder() throws {
        let tag = UInt32.random(in: 0...UInt32.max)
        let escapeDir = "/tmp/ninjait-escape-\(tag)"
        let safe = try ScratchTenant(slugTag: "safe", name: "Safe", devices: [ScratchTenant.DeviceSpec(name: "pc")])
        defer { safe.cleanUp() }
        let pg = try safe.servers.postgres()
        let hostileSlugs = ["zz-fault-../../../../..\(escapeDir)", "zz-fault-x' OR '1'='1-\(tag)", "zz-fault-a/b-\(tag)"]
        var ids: [String] = []
        defer { for id in ids { _ = try? pg.query("DELETE FROM organizations WHERE id = $1", [id], purpose: "drop test tenant") } }
        for slug in hostileSlugs {
            let id = UUID().uuidString.lowercased()
            try pg.query("INSERT INTO organizations (id, name, slug, created_at) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')",
                         [id, "Hostile slug", slug], purpose: "test tenant")
            ids.append(id)
        }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let args = ["run", "inventory", "--period", "2026-03-10", "--no-publish", "--tenant", safe.slug] + hostileSlugs.flatMap { ["--tenant", $0] }
        let result = try TestEnvironment.run(args, environment: ScratchTenant.env(out: out))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("tenant=\(safe.slug) period=2026-03-10 status=succeeded"), "\(result.stdout)")
        #expect(result.stderr.contains("cannot be used as a folder name"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [safe.slug], "only the safe tenant's folder")
        #expect(!FileManager.default.fileExists(atPath: escapeDir), "nothing escaped the output folder")
        // The quote in a slug is a parameter, not SQL: exactly the named tenants were planned.
        #expect(result.stdout.contains("summary reports=4 succeeded=1 skipped=0 failed=3"), "\(result.stdout)")
    }
}
