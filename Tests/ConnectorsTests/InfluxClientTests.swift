import Foundation
import Testing
@testable import Connectors

@Suite("InfluxClient against the real server", .serialized)
struct InfluxClientTests {
    @Test func writesAndStreamsChunkedResults() throws {
        let db = TestServers.uniqueName("itest")
        let influx = try InfluxClient(url: TestServers.influx, database: db)
        influx.chunkSize = 500
        #expect(try influx.ping() != "")
        try influx.execute("CREATE DATABASE \(InfluxQL.identifier(db))", purpose: "create db")
        defer { try? influx.execute("DROP DATABASE \(InfluxQL.identifier(db))", purpose: "drop db") }
        var lines: [UInt8] = []
        let base = 1_790_000_000
        for i in 0..<5000 {
            lines += Array("heartbeat,device_id=d\(i % 2),organization_id=o1 online=\(i % 7 == 0 ? "false" : "true") \(base + i * 60)\n".utf8)
        }
        try influx.write(lines, purpose: "write test points")
        var rows = 0
        var chunks = 0
        var offline = 0
        var lastTime = 0
        var ordered = true
        try influx.query("SELECT online FROM heartbeat WHERE device_id = \(InfluxQL.string("d0"))", purpose: "read back") { chunk in
            chunks += 1
            let t = chunk.index(of: "time")!, o = chunk.index(of: "online")!
            for row in chunk.values {
                rows += 1
                if row[o].bool == false { offline += 1 }
                let time = row[t].int!
                if time <= lastTime { ordered = false }
                lastTime = time
            }
        }
        #expect(rows == 2500)
        #expect(chunks >= 5)
        #expect(ordered)
        #expect(offline == (0..<5000).filter { $0 % 2 == 0 && $0 % 7 == 0 }.count)
    }

    @Test func errorInsideA200IsThrown() throws {
        let influx = try InfluxClient(url: TestServers.influx, database: "no_such_db_xyz")
        let error = #expect(throws: ConnectorError.self) {
            try influx.query("SELECT * FROM heartbeat", purpose: "query missing db") { _ in }
        }
        #expect(error?.code == .serverError)
        #expect(error?.message.contains("database not found") == true)
        #expect(error?.description.contains("query missing db") == true)
    }

    @Test func hostileLiteralsMatchOnlyThemselves() throws {
        let db = TestServers.uniqueName("itest")
        let influx = try InfluxClient(url: TestServers.influx, database: db)
        try influx.execute("CREATE DATABASE \(InfluxQL.identifier(db))", purpose: "create db")
        defer { try? influx.execute("DROP DATABASE \(InfluxQL.identifier(db))", purpose: "drop db") }
        let hostile = ["' OR 1=1--", "x\\' OR 1=1", "a\"b", "back\\\\slash", "<script>", "=SUM(A1)", "sp ace,comma=eq"]
        var lines: [UInt8] = []
        for (i, tag) in hostile.enumerated() {
            lines += Array("m,t=\(try InfluxQL.tag(tag)) v=\(i) \(1_790_000_000 + i)\n".utf8)
        }
        try influx.write(lines, purpose: "write hostile tags")
        for (i, tag) in hostile.enumerated() {
            var values: [Int] = []
            try influx.query("SELECT v FROM m WHERE t = \(InfluxQL.string(tag))", purpose: "select hostile") { chunk in
                values += chunk.values.map { $0[1].int! }
            }
            #expect(values == [i], "tag \(tag.debugDescription)")
        }
    }

    @Test func unreachableServerIsUnavailable() throws {
        var options = HTTPOptions()
        options.retry = RetryPolicy(attempts: 2, initialDelay: 0.05)
        let influx = try InfluxClient(url: "http://127.0.0.1:1", options: options)
        let error = #expect(throws: ConnectorError.self) { try influx.ping() }
        #expect(error?.code == .unavailable)
    }
}
