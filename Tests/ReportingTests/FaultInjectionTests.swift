import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// A server error, a timeout, a ClickHouse exception in a 200 body, an InfluxDB
/// "error" in a 200 body, a truncated stream — the report fails naming the server and the
/// query's purpose, nothing is published for it, the other tenants go on; retries are bounded.
/// Faults come from `Tests/faults/fault_proxy.py` in front of the real servers.
@Suite("Fault injection: HTTP errors, exceptions, truncation, retries", .serialized)
struct FaultInjectionTests {
    let fixture: FleetFixture
    let failing: Tenant
    let healthy: Tenant

    init() throws {
        fixture = try FleetFixture.shared.get()
        failing = fixture.tenants[0]
        healthy = fixture.tenants[1]
    }

    func env(out: URL, extra: [String: String]) -> [String: String] {
        var e = ["NINJAIT_OUT_DIR": out.path, "NINJAIT_EXCHANGE": "unused",
                 "NINJAIT_REPORTS_DIR": TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                 "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
        for (k, v) in extra { e[k] = v }
        return e
    }

    /// Every `.tmp-*` / `.old-*` entry below `root`.
    static func leftovers(under root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            let name = ($0 as NSString).lastPathComponent
            return name.hasPrefix(".tmp-") || name.hasPrefix(".old-")
        }
    }

    /// One `sla` run of two tenants with InfluxDB and ClickHouse behind proxies that fault the
    /// failing tenant's queries only (whichever tier serves the period: raw or rolled up).
    @Test(arguments: ["status:500", "status:429", "status:503", "truncate", "influx-error"])
    func historyFaultFailsThatTenantOnlyNamingServerAndQuery(mode: String) throws {
        let influx = try FaultProxy(upstream: fixture.config.influxURL, mode: mode, match: failing.id)
        defer { influx.stop() }
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: mode, match: failing.id)
        defer { clickhouse.stop() }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let started = Date()
        let result = try TestEnvironment.run(["run", "sla", "--period", "2026-10-27", "--tenant", failing.slug, "--tenant", healthy.slug,
                                              "--no-publish", "--force"],
                                             environment: env(out: out, extra: ["NINJAIT_INFLUX_URL": influx.url, "NINJAIT_CLICKHOUSE_URL": clickhouse.url]))
        let elapsed = Date().timeIntervalSince(started)
        let all = result.stdout + result.stderr
        let viaInflux = influx.hits > 0
        let server = viaInflux ? "influxdb http://127.0.0.1:\(influx.port)" : "clickhouse http://127.0.0.1:\(clickhouse.port)"
        // The tenant's first ClickHouse query is its rolled-up hours of a running day (`rollup --hours` marks).
        let purpose = viaInflux ? "raw heartbeats of tenant \(failing.slug)" : "rolled-up hours"
        // influx-error faults InfluxDB only: the tenant's ClickHouse queries pass and are not counted.
        let hits = mode == "influx-error" ? influx.hits : influx.hits + clickhouse.hits
        #expect(result.status == 1, "one tenant failed, the other succeeded: \(all)")
        #expect(result.stderr.contains(server), "names the server: \(result.stderr)")
        #expect(result.stderr.contains(purpose), "names the query's purpose: \(result.stderr)")
        #expect(result.stdout.contains("tenant=\(healthy.slug) period=2026-10-27 status=succeeded"), "\(all)")
        #expect(result.stdout.contains("tenant=\(failing.slug) period=2026-10-27 status=failed"), "\(all)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(failing.slug)/sla/2026-10-27").path),
                "no report folder is published for the failed tenant")
        let failedParent = out.appendingPathComponent("\(failing.slug)/sla")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: failedParent.path)) ?? []).isEmpty, "nothing left beside it")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(healthy.slug)/sla/2026-10-27/manifest.json").path))
        #expect(Self.leftovers(under: out).isEmpty, "no temp folders: \(Self.leftovers(under: out))")
        switch mode {
        case "status:429", "status:503":
            #expect(hits == 3, "transient errors are retried, bounded at 3 attempts (got \(hits))")
            #expect(result.stderr.contains("HTTP \(mode.dropFirst(7))"))
        default:
            #expect(hits == 1, "a non-transient failure is not retried (got \(hits))")
        }
        #expect(elapsed < 30, "bounded in time: \(elapsed) s")
        // The ledger records the failure with the same message.
        let pg = try fixture.servers.postgres()
        let r = try pg.query("""
            SELECT error FROM reporting.report_runs WHERE organization_id = $1 AND definition = 'sla' AND period_label = '2026-10-27'
            ORDER BY started_at DESC LIMIT 1
            """, [failing.id], purpose: "test ledger")
        #expect(r.string(0, 0)?.contains(server) == true)
    }

    /// A ClickHouse exception after streaming began, in the `rollup_days` read every report does first.
    @Test(arguments: ["ch-exception", "ch-exception-tag", "ch-exception-code:500", "ch-exception-code:200", "status:500", "truncate"])
    func clickhouseFaultFailsTheReportNamingServerAndQuery(mode: String) throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: mode, match: "rollup_days")
        defer { proxy.stop() }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try TestEnvironment.run(["run", "sla", "--period", "2026-10-27", "--tenant", failing.slug, "--no-publish", "--force"],
                                             environment: env(out: out, extra: ["NINJAIT_CLICKHOUSE_URL": proxy.url]))
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("clickhouse http://127.0.0.1:\(proxy.port)"), "\(result.stderr)")
        #expect(result.stderr.contains("rolled-up days"), "\(result.stderr)")
        if mode.hasPrefix("ch-exception") && mode != "ch-exception-code:200" { #expect(result.stderr.contains("DB::Exception")) }
        if mode == "ch-exception-tag" { #expect(result.stderr.contains("tagged"), "the message inside the __exception__ block") }
        if mode == "ch-exception-code:200" { #expect(result.stderr.contains("exception code 241")) }
        #expect(proxy.hits >= 1)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(failing.slug)/sla/2026-10-27").path))
        #expect(Self.leftovers(under: out).isEmpty)
    }

    // MARK: connector level

    static let rowsQuery = "SELECT number, toString(number * 7) FROM system.numbers LIMIT 2000"

    @Test func clickhouseExceptionAfterRowsIsAnErrorNeverAShortResult() throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "ch-exception", match: "system.numbers")
        defer { proxy.stop() }
        let client = try ClickHouseClient(url: proxy.url, database: "default")
        var rows = 0
        let error = #expect(throws: ConnectorError.self) {
            try client.query(Self.rowsQuery, columns: 2, purpose: "fault test rows") { _ in rows += 1 }
        }
        #expect(error?.code == .serverError)
        #expect(error?.server == "clickhouse http://127.0.0.1:\(proxy.port)")
        #expect(error?.purpose == "fault test rows")
        #expect(error?.message.contains("Code: 395") == true)
        #expect(rows < 2000)
        #expect(proxy.hits == 1, "rows were delivered: never retried")
        // Through the same client, without the fault, the full result arrives.
        let direct = try ClickHouseClient(url: fixture.config.clickhouseURL, database: "default")
        #expect(try direct.query(Self.rowsQuery, columns: 2, purpose: "fault test rows") { _ in } == 2000)
    }

    /// ClickHouse 25.11+: the tagged `__exception__` block after rows is an error with the block's message, never rows.
    @Test func taggedExceptionBlockAfterRowsIsAnErrorNeverAShortResult() throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "ch-exception-tag", match: "system.numbers")
        defer { proxy.stop() }
        let client = try ClickHouseClient(url: proxy.url, database: "default")
        var rows = 0
        let error = #expect(throws: ConnectorError.self) {
            try client.query(Self.rowsQuery, columns: 2, purpose: "fault test rows") { _ in rows += 1 }
        }
        #expect(error?.code == .serverError)
        #expect(error?.purpose == "fault test rows")
        #expect(error?.message.contains("Code: 395. DB::Exception") == true, "\(String(describing: error))")
        #expect(error?.message.contains("pu1fnufh98kzqxwa") == false, "the tag is framing, not message")
        #expect(error?.message.contains("__exception__") == false)
        #expect(rows == 3, "the rows before the block, and nothing of the block as rows")
        // Single-column reads (no column count to catch a stray line) see it too.
        let one = #expect(throws: ConnectorError.self) {
            _ = try client.queryStrings("SELECT toString(number) FROM system.numbers LIMIT 100", purpose: "fault test strings")
        }
        #expect(one?.message.contains("DB::Exception") == true)
    }

    /// `X-ClickHouse-Exception-Code` fails a request even when a proxy turned the status into 200.
    @Test(arguments: ["ch-exception-code:500", "ch-exception-code:200"])
    func exceptionCodeHeaderIsAnError(mode: String) throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: mode, match: "system.numbers")
        defer { proxy.stop() }
        let client = try ClickHouseClient(url: proxy.url, database: "default")
        let error = #expect(throws: ConnectorError.self) {
            try client.query(Self.rowsQuery, columns: 2, purpose: "fault test rows") { _ in }
        }
        #expect(error?.code == .serverError)
        #expect(error?.purpose == "fault test rows")
        #expect(error?.message.contains(mode.hasSuffix("200") ? "exception code 241" : "Code: 241. DB::Exception") == true, "\(String(describing: error))")
        #expect(throws: ConnectorError.self) {
            try client.execute("SELECT count() FROM system.numbers LIMIT 1", purpose: "fault test execute")
        }
    }

    @Test func truncatedClickHouseStreamIsAnError() throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "truncate", match: "system.numbers")
        defer { proxy.stop() }
        let client = try ClickHouseClient(url: proxy.url, database: "default")
        let error = #expect(throws: ConnectorError.self) {
            try client.query(Self.rowsQuery, columns: 2, purpose: "fault test rows") { _ in }
        }
        #expect(error?.code == .protocolError)
        #expect(error?.description.contains("clickhouse http://127.0.0.1:\(proxy.port): fault test rows") == true)
    }

    @Test func truncatedInfluxStreamIsAnError() throws {
        let proxy = try FaultProxy(upstream: fixture.config.influxURL, mode: "truncate", match: "heartbeat")
        defer { proxy.stop() }
        let client = try InfluxClient(url: proxy.url, database: fixture.config.influxDatabase)
        let error = #expect(throws: ConnectorError.self) {
            try client.query("SELECT online FROM heartbeat WHERE organization_id = \(InfluxQL.string(failing.id)) GROUP BY device_id",
                             purpose: "fault test heartbeats") { _ in }
        }
        #expect(error?.code == .protocolError)
        #expect(error?.server == "influxdb http://127.0.0.1:\(proxy.port)")
    }

    /// 503 on every request: the default policy tries 3 times with backoff, then gives up.
    @Test(arguments: ["clickhouse", "influxdb"])
    func unavailableIsRetriedABoundedNumberOfTimes(server: String) throws {
        let upstream = server == "clickhouse" ? fixture.config.clickhouseURL : fixture.config.influxURL
        let proxy = try FaultProxy(upstream: upstream, mode: "status:503")
        defer { proxy.stop() }
        let started = Date()
        let error = #expect(throws: ConnectorError.self) {
            if server == "clickhouse" {
                _ = try ClickHouseClient(url: proxy.url, database: "default").queryStrings("SELECT 1", purpose: "fault test retry")
            } else {
                try InfluxClient(url: proxy.url).query("SHOW DATABASES", purpose: "fault test retry") { _ in }
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("HTTP 503") == true)
        #expect(error?.server == "\(server) http://127.0.0.1:\(proxy.port)")
        #expect(proxy.hits == RetryPolicy().attempts && proxy.hits == 3, "bounded attempts: \(proxy.hits)")
        #expect(elapsed >= 0.5 && elapsed < 10, "backoff 0.2 s + 0.4 s, bounded: \(elapsed) s")
    }

    /// A server that stops sending: the low-speed timeout ends each attempt, retries are bounded.
    @Test func slowServerTimesOutWithinBoundedRetries() throws {
        let proxy = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "delay:30")
        defer { proxy.stop() }
        var options = HTTPOptions()
        options.requestTimeout = 2
        options.lowSpeedTime = 1
        options.retry = RetryPolicy(attempts: 2, initialDelay: 0.1, maxDelay: 0.2, budget: 10)
        let started = Date()
        let error = #expect(throws: ConnectorError.self) {
            _ = try ClickHouseClient(url: proxy.url, database: "default", options: options).queryStrings("SELECT 1", purpose: "fault test slow")
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(error?.code == .timeout)
        #expect(error?.purpose == "fault test slow")
        #expect(proxy.hits == 2)
        #expect(elapsed < 8, "\(elapsed) s")
    }
}
