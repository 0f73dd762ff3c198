import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Every statement the project sends to ClickHouse also runs on the current engine (PyPI chdb) with the same results.
///
/// `migrate`, `rollup` of two days and the sla, performance and inventory reports run against
/// the local 18.16 server in a database of their own, with the query log recording writes
/// too; `Tests/compat/clickhouse_compat.py` replays every write on chdb and compares every
/// read's result with the server's.
@Suite("ClickHouse statements on the current engine (chdb)", .serialized)
struct ClickHouseCompatibilityTests {
    @Test func everyStatementRunsOnChdbWithTheSameResults() throws {
        let fixture = try FleetFixture.shared.get()
        let database = "ninjait_compat_\(UInt32.random(in: 0...UInt32.max))"
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let clickhouse = try fixture.servers.clickhouse()
        defer { try? clickhouse.execute("DROP DATABASE IF EXISTS `\(database)`", purpose: "test: drop compat database", database: "default") }
        let log = dir.appendingPathComponent("queries.jsonl").path
        let env = ["NINJAIT_CLICKHOUSE_DB": database, "NINJAIT_QUERY_LOG": log, "NINJAIT_QUERY_LOG_WRITES": "1",
                   "NINJAIT_OUT_DIR": dir.appendingPathComponent("out").path]
        let tenant = fixture.tenants[0]
        // 2026-10-29 as a running day: its first ten hours from rollup_hours, the rest raw.
        var steps: [[String]] = [["migrate"], ["rollup", "--date", "2026-10-27"], ["rollup", "--date", "2026-10-28"],
                                 ["rollup", "--hours", "--date", "2026-10-29", "--now", "2026-10-29T10:10:00Z", "--tenant", tenant.slug]]
        for kind in ["sla", "performance", "inventory"] {
            steps.append(["run", kind, "--tenant", tenant.slug, "--period", "2026-10-27..2026-10-30", "--no-publish", "--force"])
        }
        for step in steps {
            let result = try TestEnvironment.run(step, environment: env)
            #expect(result.status == 0, "\(step): \(result.stdout)\(result.stderr)")
        }
        let entries = try QueryLog.entries(at: log).filter { $0.server == "clickhouse" }
        #expect(entries.contains { $0.kind == "write" && $0.body != nil && $0.query.contains("FORMAT RowBinary") }, "RowBinary inserts logged")
        #expect(entries.contains { $0.kind == "write" && $0.query.contains("CREATE TABLE") }, "DDL logged")

        let summary = dir.appendingPathComponent("summary.json").path
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/compat/clickhouse_compat.py").path
        let out = try TestEnvironment.spawn("/usr/bin/env", ["python3", script, log, "--server", fixture.config.clickhouseURL, "--summary", summary],
                                            environment: ProcessInfo.processInfo.environment)
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        let counts = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: summary))) as? [String: Any] ?? [:]
        #expect((counts["engine"] as? String)?.hasPrefix("2") == true, "a current engine, not 18.16: \(counts)")
        #expect((counts["ddl"] as? Int ?? 0) >= 4, "\(counts)")
        #expect((counts["inserts"] as? Int ?? 0) >= 4, "\(counts)")
        #expect((counts["inserted_rows"] as? Int ?? 0) > 1000, "\(counts)")
        #expect((counts["reads_with_rows"] as? Int ?? 0) >= 5, "\(counts)")
        let purposes = (counts["purposes"] as? [String] ?? []).joined(separator: "|")
        for purpose in ["rolled-up days", "heartbeat rollups", "metric rollups", "daily metric rollups", "hourly metric totals"] {
            #expect(purposes.contains(purpose), "no '\(purpose)' query compared: \(purposes)")
        }
    }
}
