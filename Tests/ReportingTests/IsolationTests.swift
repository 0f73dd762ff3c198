import Analytics
import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Tenant isolation as a property test. Random fleets (seeded)
/// whose device names and tag values collide across three tenants, with hostile strings
/// among them; every row, file, path and message of tenant A's reports belongs to A only.
@Suite("Tenant isolation: colliding names and hostile tags across tenants", .serialized)
struct IsolationTests {
    static let pool = ["srv-01", "srv-02", "db", "' OR organization_id <> ''--", "x' OR 1=1 OR 'a'='a", "\" OR \"\"=\"",
                       "=HYPERLINK(\"http://x\")", "<b>pc</b>", "organization_id", "*", ".*", "\\' OR 1=1"]

    @Test(arguments: [UInt64(7), UInt64(1_234)])
    func reportsOfOneTenantContainOnlyThatTenant(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let count = 3 + Int(rng.next() % 3)
        // The same names and tags for every tenant, in the same order: only ids differ.
        let names = (0..<count).map { _ in Self.pool[Int(rng.next() % UInt64(Self.pool.count))] }
        let tags = (0..<count).map { _ in [Self.pool[Int(rng.next() % UInt64(Self.pool.count))], "shared"] }
        var tenants: [ScratchTenant] = []
        defer { for t in tenants { t.cleanUp() } }
        for i in 0..<3 {
            let devices = (0..<count).map { ScratchTenant.DeviceSpec(name: names[$0], tags: tags[$0]) }
            tenants.append(try ScratchTenant(slugTag: "iso\(i)", name: "Isolation \(seed) tenant \(i) ' OR 1=1--", devices: devices))
        }
        let dayStart: Int64 = 1_773_100_800 // 2026-03-10T00:00:00Z
        // A is always online; B and C go offline often, so any of their heartbeats in A's numbers would show as outages.
        try tenants[0].writePoints(from: dayStart - 7_200, to: dayStart + 93_600)
        try tenants[1].writePoints(from: dayStart - 7_200, to: dayStart + 93_600, offlineEvery: 7)
        try tenants[2].writePoints(from: dayStart - 7_200, to: dayStart + 93_600, offlineEvery: 3)
        let a = tenants[0]
        let others = tenants.dropFirst()

        // The ids come from PostgreSQL, not from what the test meant to write.
        let pg = try a.servers.postgres()
        func ids(of t: ScratchTenant) throws -> Set<String> {
            let r = try pg.query("SELECT id::text FROM devices WHERE organization_id = $1", [t.id], purpose: "test ids")
            return Set((0..<r.count).compactMap { r.string($0, 0) })
        }
        let aIDs = try ids(of: a)
        let otherIDs = try others.reduce(into: Set<String>()) { $0.formUnion(try ids(of: $1)) }
        #expect(aIDs.count == count && otherIDs.count == 2 * count && aIDs.isDisjoint(with: otherIDs))

        // A bound queue catches A's notifications.
        let config = a.config
        let exchange = "test.iso.\(UUID().uuidString.prefix(8))", queue = "test.iso.\(UUID().uuidString.prefix(8))"
        let connection = try AMQPConnection(url: config.amqpURL)
        try connection.declareExchange(exchange, type: "topic", durable: true)
        _ = try connection.declareQueue(queue, durable: true, exclusive: false, autoDelete: false)
        try connection.bindQueue(queue, exchange: exchange, bindingKey: "report.ready.#")
        defer { _ = try? connection.deleteQueue(queue); try? connection.deleteExchange(exchange) }

        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let kinds = ["sla", "inventory", "performance"]
        for kind in kinds {
            let result = try TestEnvironment.run(["run", kind, "--tenant", a.slug, "--period", "2026-03-10"],
                                                 environment: ScratchTenant.env(out: out, exchange: exchange))
            #expect(result.status == 0, "\(kind): \(result.stdout)\(result.stderr)")
        }

        // Every file path is A's.
        let files = ScratchTenant.files(under: out)
        #expect(!files.isEmpty)
        for f in files { #expect(f.hasPrefix("\(a.slug)/"), "path \(f)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == [a.slug])

        // No other tenant's id, slug or name anywhere in any file (HTML, CSV, XLSX strings, manifest).
        let foreign = otherIDs.union(others.flatMap { [$0.id, $0.slug, $0.name] })
        for f in files {
            let data = try Data(contentsOf: out.appendingPathComponent(f))
            let text = String(decoding: data, as: UTF8.self)
            for x in foreign { #expect(!text.contains(x), "\(f) mentions another tenant: \(x)") }
        }
        // Every device id cell of every CSV (and of the XLSX, read by Python) is one of A's, and each of A's appears.
        var csvDeviceIDs = Set<String>()
        for kind in kinds {
            let dir = out.appendingPathComponent("\(a.slug)/\(kind)/2026-03-10")
            let inspected = try ScratchTenant.inspect(dir)
            #expect(inspected.status == 0, "\(inspected.stderr)")
            let report = try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as! [String: Any]
            for (name, rows) in report["csv"] as! [String: [[String]]] {
                guard let header = rows.first else { continue }
                for (c, key) in header.enumerated() where key == "device_id" {
                    for row in rows.dropFirst() where c < row.count && !row[c].isEmpty { csvDeviceIDs.insert(row[c]); #expect(aIDs.contains(row[c]), "\(kind)/\(name): \(row[c])") }
                }
            }
            for s in report["xlsx_strings"] as! [String] {
                for x in foreign { #expect(!s.contains(x), "\(kind) xlsx mentions another tenant: \(x)") }
            }
        }
        #expect(csvDeviceIDs == aIDs, "every one of A's devices is reported, no other")
        // A was online throughout: any foreign heartbeat would have made an outage.
        let sla = out.appendingPathComponent("\(a.slug)/sla/2026-03-10")
        let slaReport = try JSONSerialization.jsonObject(with: Data(try ScratchTenant.inspect(sla).stdout.utf8)) as! [String: Any]
        let slaCSV = slaReport["csv"] as! [String: [[String]]]
        #expect((slaCSV["outages.csv"]?.count ?? 0) <= 1, "A has no outages: \(slaCSV["outages.csv"] ?? [])")

        // Notifications: one per report, all A's, every file path under A's folder.
        var messages: [AMQPDelivery] = []
        let reader = try AMQPConnection(url: config.amqpURL)
        while let d = try reader.get(queue: queue, autoAck: true) { messages.append(d) }
        #expect(messages.count == kinds.count)
        for m in messages {
            #expect(m.routingKey.hasPrefix("report.ready.\(a.slug)."))
            let body = try ReportNotification.decode(m.body)
            #expect(body.tenant.id == a.id && body.tenant.slug == a.slug)
            let text = String(decoding: m.body, as: UTF8.self)
            for x in foreign { #expect(!text.contains(x), "message mentions another tenant: \(x)") }
            for file in body.files { #expect(file.path.hasPrefix(out.appendingPathComponent(a.slug).path + "/"), "\(file.path)") }
        }
    }

    /// The same property on the rolled-up tier: both tenants rolled up into ClickHouse, reports
    /// built from ClickHouse only (in-process runner), A's files hold A's devices only.
    @Test func rolledUpTierKeepsTenantsApart() throws {
        let names = ["srv-01", "' OR organization_id <> ''--", "srv-01"]
        var tenants: [ScratchTenant] = []
        var config = try TestEnvironment.configuration()
        let clickhouse = try Servers(config: config).clickhouse()
        defer {
            let list = tenants.map { ClickHouseLiteral.string($0.id) }.joined(separator: ", ")
            if !list.isEmpty {
                for table in ["metrics_hourly", "availability_hourly", "metrics_daily"] {
                    try? clickhouse.execute("ALTER TABLE \(table) DELETE WHERE organization_id IN (\(list))", purpose: "drop test rollups")
                }
            }
            for t in tenants { t.cleanUp() }
        }
        for i in 0..<2 {
            tenants.append(try ScratchTenant(slugTag: "isoch\(i)", name: "Isolation rollup \(i)",
                                             devices: names.map { ScratchTenant.DeviceSpec(name: $0, tags: ["shared", "x' OR 1=1"]) }))
        }
        let dayStart: Int64 = 1_773_100_800 // 2026-03-10T00:00:00Z
        try tenants[0].writePoints(from: dayStart - 7_200, to: dayStart + 93_600)
        try tenants[1].writePoints(from: dayStart - 7_200, to: dayStart + 93_600, offlineEvery: 3)
        let pg = try tenants[0].servers.postgres()
        let directory = TenantDirectory(pg: pg)
        let resolved = try directory.tenants(slugs: tenants.map(\.slug))
        let writer = HourlyStore(clickhouse: clickhouse).writer()
        let reader = RawHistoryReader(influx: try Servers(config: config).influx())
        for tenant in resolved {
            for day in [dayStart - 86_400, dayStart, dayStart + 86_400] {
                _ = try RollupJob.rollUp(tenant: tenant, utcDayStart: day, reader: reader, writer: writer)
            }
        }
        try writer.flush()

        let a = tenants[0], b = tenants[1]
        config.templatesDirectory = TestEnvironment.repoRoot.appendingPathComponent("templates").path
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let runner = try ReportRunner(config: config)
        let jobs = try ReportPlanner(directory: runner.directory).plan(
            definitions: [ReportDefinition.defaults(for: .sla), ReportDefinition.defaults(for: .performance)],
            tenantSlugs: [a.slug], period: try PeriodSpec(parsing: "2026-03-10"), now: Date())
        var options = RunOptions(outDirectory: out.path)
        options.publish = false
        options.force = true
        options.tier = .clickhouseOnly
        let results = runner.run(jobs, options: options)
        #expect(results.count == 2 && results.allSatisfy { $0.status == .succeeded }, "\(results.map(\.logLine))")

        let aIDs = Set(a.devices.map(\.id)), foreign = Set(b.devices.map(\.id) + [b.id, b.slug])
        for f in ScratchTenant.files(under: out) {
            #expect(f.hasPrefix("\(a.slug)/"))
            let text = String(decoding: try Data(contentsOf: out.appendingPathComponent(f)), as: UTF8.self)
            for x in foreign { #expect(!text.contains(x), "\(f) mentions tenant B: \(x)") }
        }
        for kind in ["sla", "performance"] {
            let inspected = try ScratchTenant.inspect(out.appendingPathComponent("\(a.slug)/\(kind)/2026-03-10"))
            let report = try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as! [String: Any]
            let csv = report["csv"] as! [String: [[String]]]
            var seen = Set<String>()
            for (_, rows) in csv {
                guard let header = rows.first else { continue }
                for (c, key) in header.enumerated() where key == "device_id" {
                    for row in rows.dropFirst() where c < row.count && !row[c].isEmpty { seen.insert(row[c]) }
                }
            }
            #expect(seen == aIDs, "\(kind): A's devices only, all of them")
            if kind == "sla" {
                #expect((csv["outages.csv"]?.count ?? 0) <= 1, "B's offline heartbeats never reach A: \(csv["outages.csv"] ?? [])")
                #expect(csv["summary.csv"]?.first { $0.first == "availability_pct" }?[2] == "100.000", "A was always online")
            }
            if kind == "performance" {
                let metrics = try #require(csv["metrics.csv"])
                let mean = try #require(metrics.first?.firstIndex(of: "mean"))
                #expect(metrics.count == 1 + 3 * aIDs.count, "3 metrics per device of A")
                #expect(metrics.dropFirst().allSatisfy { !$0[mean].isEmpty }, "the rollups were read: every mean present")
            }
        }
    }
}
