import Foundation
import Testing
@testable import Connectors

@Suite("ClickHouseClient against the real server", .serialized)
struct ClickHouseClientTests {
    let client: ClickHouseClient

    init() throws {
        client = try ClickHouseClient(url: TestServers.clickhouse)
    }

    @Test func reportsItsVersion() throws {
        let version = try client.version()
        #expect(version.split(separator: ".").count >= 3, "version was \(version)")
    }

    @Test func streamsAMillionRowsInOrder() throws {
        var count = 0
        var sum = 0
        var inOrder = true
        let rows = try client.query("SELECT number, number * 2 FROM system.numbers LIMIT 1000000", columns: 2, purpose: "test stream") { row in
            let n = row.int(0)!
            if n != count { inOrder = false }
            sum += row.int(1)!
            count += 1
        }
        #expect(rows == 1_000_000)
        #expect(count == 1_000_000)
        #expect(inOrder)
        #expect(sum == 2 * (999_999 * 1_000_000 / 2))
    }

    /// Arrays and a `sumMap` tuple of arrays as the server prints them, read back as integers.
    @Test func integerArraysAndSumMapTuples() throws {
        var seen: [[Int]?] = []
        try client.query("""
            SELECT [toInt64(1), -2, toInt64(30000000000)], sumMap(k, c), [], 'x', [1.5]
            FROM (SELECT [toInt32(5), toInt32(-7)] AS k, [toUInt64(2), toUInt64(3)] AS c
                  UNION ALL SELECT [toInt32(5)], [toUInt64(10)])
            """, columns: 5, purpose: "test arrays") { row in
            seen = (0..<5).map { row.integers($0) }
        }
        #expect(seen[0] == [1, -2, 30_000_000_000])
        #expect(seen[1] == [-7, 5, 3, 12])
        #expect(seen[2] == [])
        #expect(seen[3] == nil)
        #expect(seen[4] == nil)
    }

    @Test func exceptionAfterStreamingBeganIsAnErrorNotAShortResult() throws {
        var seen = 0
        let error = #expect(throws: ConnectorError.self) {
            try client.query("SELECT number, throwIf(number = 900000) FROM system.numbers LIMIT 1000000",
                             columns: 2, purpose: "throwIf probe") { _ in seen += 1 }
        }
        #expect(error?.code == .serverError)
        #expect(error?.description.contains("throwIf probe") == true)
        #expect(error?.description.contains("clickhouse") == true)
        #expect(error?.message.contains("DB::Exception") == true)
        #expect(seen < 1_000_000)
    }

    @Test func syntaxErrorNamesServerAndPurpose() throws {
        let error = #expect(throws: ConnectorError.self) {
            try client.query("SELEC 1", columns: 1, purpose: "broken query") { _ in }
        }
        #expect(error?.code == .serverError)
        #expect(error?.description.contains("broken query") == true)
        #expect(error?.message.hasPrefix("HTTP 4") == true || error?.message.hasPrefix("HTTP 5") == true)
        #expect(error?.message.contains("Syntax error") == true)
    }

    @Test func hostileStringsRoundTripThroughLiteralsAndTSV() throws {
        let hostile = ["' OR 1=1--", "x\\' OR 1=1", "\"", "<script>alert(1)</script>", "tab\there", "new\nline",
                       "back\\slash", "=HYPERLINK(\"http://x\",\"y\")", "\u{202E}rtl", "nul\u{0}byte", String(repeating: "long", count: 5000)]
        let table = TestServers.uniqueName("t_hostile")
        try client.execute("CREATE TABLE \(table) (i UInt32, s String) ENGINE = Memory", purpose: "create test table")
        defer { try? client.execute("DROP TABLE IF EXISTS \(table)", purpose: "drop test table") }
        var body: [UInt8] = []
        for (i, s) in hostile.enumerated() {
            body += Array("\(i)\t".utf8)
            ClickHouseLiteral.appendTSV(s, to: &body)
            body.append(10)
        }
        try client.insert(into: table, columns: ["i", "s"], tsv: body, purpose: "insert hostile")
        var back: [Int: String] = [:]
        try client.query("SELECT i, s FROM \(table) ORDER BY i", columns: 2, purpose: "read hostile") { row in
            back[row.int(0)!] = row.string(1)
        }
        #expect(back.count == hostile.count)
        for (i, s) in hostile.enumerated() { #expect(back[i] == s) }
        // Each value used as a literal in a WHERE clause matches exactly its own row.
        for (i, s) in hostile.enumerated() {
            let rows = try client.queryStrings("SELECT i FROM \(table) WHERE s = \(ClickHouseLiteral.string(s))", purpose: "literal")
            #expect(rows == [[String(i)]], "literal for \(s.debugDescription)")
        }
    }

    @Test func unreachableServerIsUnavailableAndNamesIt() throws {
        var options = HTTPOptions()
        options.retry = RetryPolicy(attempts: 2, initialDelay: 0.05)
        let dead = try ClickHouseClient(url: "http://127.0.0.1:1", options: options)
        let error = #expect(throws: ConnectorError.self) { try dead.version() }
        #expect(error?.code == .unavailable)
        #expect(error?.server.contains("127.0.0.1:1") == true)
    }

    @Test func passwordNeverAppearsInErrors() throws {
        let bad = try ClickHouseClient(url: "http://default:s3cr3t-pw@127.0.0.1:1/")
        do {
            _ = try bad.version()
            Issue.record("expected failure")
        } catch {
            #expect(!"\(error)".contains("s3cr3t-pw"))
        }
    }
}
