import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// The rollup's inserts go through a thread of their own: everything submitted is in
/// ClickHouse when `finish` returns, in order, memory is bounded, and a failed insert stops
/// the rest and surfaces to the caller.
@Suite("InsertPipeline against the real ClickHouse", .serialized)
struct InsertPipelineTests {
    static let table = "zz_pipeline_test"

    static func setUp() throws -> (Servers, ClickHouseClient) {
        let servers = Servers(config: try TestEnvironment.configuration())
        let clickhouse = try servers.clickhouse()
        try clickhouse.execute("DROP TABLE IF EXISTS \(table)", purpose: "test: drop")
        try clickhouse.execute("CREATE TABLE \(table) (batch UInt32, k UInt32) ENGINE = MergeTree ORDER BY (batch, k)", purpose: "test: create")
        return (servers, clickhouse)
    }

    static func batch(_ b: Int, rows: Int) -> InsertPipeline.Insert {
        var body: [UInt8] = []
        for k in 0..<rows { body.append(contentsOf: Array("\(b)\t\(k)\n".utf8)) }
        return InsertPipeline.Insert(table: table, columns: ["batch", "k"], format: .tabSeparated, body: body, purpose: "test: batch \(b)")
    }

    @Test func everythingSubmittedIsInClickHouseWhenFinishReturns() throws {
        let (servers, clickhouse) = try Self.setUp()
        defer { try? clickhouse.execute("DROP TABLE IF EXISTS \(Self.table)", purpose: "test: drop") }
        // A queue of 64 KB with batches of ~90 KB: every submit after the first waits for the thread.
        let pipeline = InsertPipeline(maxBytes: 64 << 10) { try servers.clickhouse() }
        for b in 0..<40 { try pipeline.submit(Self.batch(b, rows: 10_000)) }
        try pipeline.finish()
        let rows = try clickhouse.queryStrings("SELECT count(), uniqExact(batch), sum(k) FROM \(Self.table)", purpose: "test: count")
        // 40 batches of k = 0..9999: 400,000 rows, k summing to 40 * 9999 * 10000 / 2.
        #expect(rows.first == ["400000", "40", "\(40 * 9_999 * 10_000 / 2)"])
    }

    @Test func aFailedInsertStopsTheRestAndIsThrown() throws {
        let (servers, clickhouse) = try Self.setUp()
        defer { try? clickhouse.execute("DROP TABLE IF EXISTS \(Self.table)", purpose: "test: drop") }
        let pipeline = InsertPipeline { try servers.clickhouse() }
        try pipeline.submit(Self.batch(1, rows: 10))
        var bad = Self.batch(2, rows: 10)
        bad.table = "zz_no_such_table"
        try pipeline.submit(bad)
        var thrown: (any Error)? = nil
        do {
            for b in 3..<200 { try pipeline.submit(Self.batch(b, rows: 10)) ; usleep(2_000) }
            try pipeline.finish()
        } catch {
            thrown = error
        }
        let error = try #require(thrown as? ConnectorError, "the failed insert must surface")
        #expect(error.description.contains("zz_no_such_table"), "\(error)")
        let batches = try clickhouse.queryStrings("SELECT DISTINCT batch FROM \(Self.table) ORDER BY batch", purpose: "test: batches")
        // Batch 1 went in; after the failure nothing more was sent, so at most what the thread had already taken.
        #expect(batches.first == ["1"])
        #expect(batches.count < 20, "inserts went on after the failure: \(batches.count) batches")
    }
}
