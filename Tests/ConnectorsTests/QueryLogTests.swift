import Foundation
import Testing
@testable import Connectors

/// The opt-in query log (`NINJAIT_QUERY_LOG`) against the real servers. One test sets the
/// process-wide variable, so the suite is serialized and entries are matched by a unique purpose.
@Suite("QueryLog", .serialized)
struct QueryLogTests {
    @Test func readQueriesAreLoggedAsSentWritesAndCredentialsAreNot() throws {
        let path = NSTemporaryDirectory() + TestServers.uniqueName("querylog") + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tag = TestServers.uniqueName("purpose")
        // A password in the URL: InfluxDB without auth ignores it; it must never reach the log.
        let influxURL = TestServers.influx.replacingOccurrences(of: "://", with: "://reader:s3cret-pw@")
        let db = TestServers.uniqueName("querylog")
        let influx = try InfluxClient(url: influxURL, database: db)
        let clickhouse = try ClickHouseClient(url: TestServers.clickhouse)

        setenv(QueryLog.variable, path, 1)
        defer { unsetenv(QueryLog.variable) }
        try clickhouse.query("SELECT number FROM system.numbers LIMIT 3", columns: 1, purpose: "\(tag) ch") { _ in }
        try influx.execute("CREATE DATABASE \(db)", purpose: "\(tag) create")
        try influx.query("SHOW MEASUREMENTS", purpose: "\(tag) influx") { _ in }
        unsetenv(QueryLog.variable)
        try clickhouse.query("SELECT 1", columns: 1, purpose: "\(tag) after") { _ in }

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("s3cret-pw"))
        let mine = try QueryLog.entries(at: path).filter { $0.purpose.hasPrefix(tag) }
        #expect(mine.map(\.purpose) == ["\(tag) ch", "\(tag) influx"])
        let ch = try #require(mine.first)
        #expect(ch.server == "clickhouse")
        #expect(ch.query == "SELECT number FROM system.numbers LIMIT 3\nFORMAT TabSeparated")
        #expect(ch.url.hasPrefix(TestServers.clickhouse) && ch.url.contains("database=default"))
        let ix = try #require(mine.last)
        #expect(ix.server == "influxdb" && ix.database == db && ix.query == "SHOW MEASUREMENTS")
        #expect(ix.url.contains("/query?db=\(db)") && ix.url.contains("chunked=true") && !ix.url.contains("reader"))
        try influx.execute("DROP DATABASE \(db)", purpose: "test cleanup")
    }

    @Test func concurrentWritersNeverInterleaveLines() throws {
        let path = NSTemporaryDirectory() + TestServers.uniqueName("querylog") + ".jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        setenv(QueryLog.variable, path, 1)
        defer { unsetenv(QueryLog.variable) }
        let long = String(repeating: "x", count: 20_000)
        let tag = TestServers.uniqueName("writer")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<100 {
                QueryLog.record(.clickhouse, database: "d", url: "http://h/", query: "SELECT '\(long)' -- \(worker) \(i)", purpose: "\(tag) \(worker)")
            }
        }
        unsetenv(QueryLog.variable)
        // Other suites may log into the file while the variable is set: every line must still decode.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let entries = try QueryLog.entries(at: path)
        #expect(entries.count == lines.count)
        #expect(entries.filter { $0.purpose.hasPrefix(tag) }.count == 800)
    }

    @Test func onlyReadsCount() {
        #expect(QueryLog.isRead("SELECT 1") && QueryLog.isRead("  with x as (select 1) select * from x") && QueryLog.isRead("SHOW DATABASES"))
        #expect(!QueryLog.isRead("CREATE DATABASE x") && !QueryLog.isRead("DROP SERIES WHERE a = 'b'") && !QueryLog.isRead("ALTER TABLE t DROP PARTITION 1"))
    }
}
