import Foundation
import Testing
@testable import Connectors

@Suite("PostgresClient against the real server", .serialized)
struct PostgresClientTests {
    @Test func parameterizedQueriesDecodeTypes() throws {
        let pg = try PostgresClient(url: TestServers.postgres)
        let id = UUID()
        let when = Date(timeIntervalSince1970: 1_790_000_000.123456)
        let r = try pg.query("SELECT $1::int + 1, $2::double precision * 2, $3::uuid, $4::timestamptz, $5::text[], $6::bool, $7::text IS NULL",
                             [41, 1.25, id, when, ["a", "b,c", "d\"e", "f\\g", "NULL"], true, Optional<String>.none], purpose: "types")
        #expect(r.count == 1)
        #expect(r.int(0, 0) == 42)
        #expect(r.double(0, 1) == 2.5)
        #expect(r.uuid(0, 2) == id)
        #expect(abs(r.date(0, 3)!.timeIntervalSince1970 - when.timeIntervalSince1970) < 1e-6)
        #expect(r.stringArray(0, 4) == ["a", "b,c", "d\"e", "f\\g", "NULL"])
        #expect(r.bool(0, 5) == true)
        #expect(r.bool(0, 6) == true)
    }

    @Test func hostileTextIsDataNotSQL() throws {
        let pg = try PostgresClient(url: TestServers.postgres)
        for s in ["' OR 1=1--", "x\\' OR 1=1", "'); DROP TABLE x; --", "\u{202E}", "\"quoted\""] {
            let r = try pg.query("SELECT $1::text = $2::text, length($1)", [s, s], purpose: "hostile")
            #expect(r.bool(0, 0) == true)
            #expect(r.int(0, 1) == s.count)
        }
    }

    @Test func transactionRollsBackOnError() throws {
        let pg = try PostgresClient(url: TestServers.postgres)
        let table = TestServers.uniqueName("tx_test")
        try pg.query("CREATE TABLE \(table) (v int)", purpose: "create")
        defer { _ = try? pg.query("DROP TABLE \(table)", purpose: "drop") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try pg.transaction(purpose: "test") {
                try pg.query("INSERT INTO \(table) VALUES (1)", purpose: "insert")
                throw Boom()
            }
        }
        try pg.transaction(purpose: "test") { try pg.query("INSERT INTO \(table) VALUES (2)", purpose: "insert") }
        let r = try pg.query("SELECT array_agg(v)::text FROM \(table)", purpose: "read")
        #expect(r.string(0, 0) == "{2}")
    }

    @Test func advisoryLockIsExclusiveAcrossSessions() throws {
        let a = try PostgresClient(url: TestServers.postgres)
        let b = try PostgresClient(url: TestServers.postgres)
        let key = Int64.random(in: 1...Int64.max)
        #expect(try a.tryAdvisoryLock(key, purpose: "lock"))
        #expect(try b.tryAdvisoryLock(key, purpose: "lock") == false)
        #expect(try a.advisoryUnlock(key, purpose: "unlock"))
        #expect(try b.tryAdvisoryLock(key, purpose: "lock"))
    }

    @Test func sqlErrorCarriesSQLStateAndPurpose() throws {
        let pg = try PostgresClient(url: TestServers.postgres)
        let error = #expect(throws: ConnectorError.self) {
            try pg.query("SELECT * FROM no_such_table_xyz", purpose: "read missing table")
        }
        #expect(error?.code == .serverError)
        #expect(error?.underlying == "SQLSTATE 42P01")
        #expect(error?.description.contains("read missing table") == true)
    }

    @Test func wrongPasswordIsUnavailableWithoutLeakingIt() throws {
        var components = URLComponents(string: TestServers.postgres)!
        components.password = "wr0ng-s3cret"
        let error = #expect(throws: ConnectorError.self) { try PostgresClient(url: components.string!) }
        #expect(error?.code == .unavailable)
        #expect(!(error?.description.contains("wr0ng-s3cret") ?? true))
    }
}
