import Connectors
import Foundation
import ReportingTestSupport
@testable import JobQueue
@testable import Reporting

/// The worker test's own world: a seeded fleet (`zz-worker-<n>-` slugs, data around 2025-03-10),
/// two daily definitions restricted to its tenants, its own work queue and notification exchange,
/// and a queue bound to its tenants' `report.ready` keys. `cleanUp()` removes all of it.
final class WorkerTestFleet {
    let tag = "zz-worker-\(UInt32.random(in: 0...UInt32.max))"
    let dir: URL
    let config: Configuration
    let topology: JobQueueTopology
    let exchange: String
    let notifications: String
    private(set) var tenants: [Tenant] = []
    private(set) var environment: [String: String] = [:]
    private var pids: [pid_t] = []

    /// Migrates, removes leftovers of earlier runs, seeds 3 tenants × 3 devices × 8 days (all raw,
    /// nothing in ClickHouse) ending 2025-03-15 06:00 UTC, writes the definitions and declares the queues.
    init(retryDelay: Int) throws {
        dir = try TestEnvironment.temporaryDirectory()
        config = try TestEnvironment.configuration()
        topology = JobQueueTopology(jobs: "\(tag).jobs", maxAttempts: 5, retryDelay: retryDelay)
        exchange = "\(tag).reports"
        notifications = "\(tag).notifications"
        let migrated = try TestEnvironment.run(["migrate"])
        guard migrated.status == 0 else { throw ReportingError(.io, "migrate failed: \(migrated.stderr)") }
        try WorkerTestFleet.removeOldFleets(config: config)
        let seeded = try TestEnvironment.run(["seed", "--tenants", "3", "--devices", "3", "--days", "8", "--raw-days", "9", "--seed", "23",
                                              "--until", "2025-03-15T06:00:00Z", "--slug-prefix", "\(tag)-",
                                              "--truth", dir.appendingPathComponent("truth.json").path])
        guard seeded.status == 0 else { throw ReportingError(.io, "seed failed: \(seeded.stderr)") }
        let pg = try PostgresClient(url: config.postgresURL)
        let slugs = try pg.query("SELECT slug FROM organizations WHERE slug LIKE $1 ORDER BY slug", ["\(tag)-%"], purpose: "test tenants")
        tenants = try TenantDirectory(pg: pg).tenants(slugs: (0..<slugs.count).compactMap { slugs.string($0, 0) })

        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let list = tenants.map(\.slug).joined(separator: ", ")
        try """
            name: zzw-sla
            title: Worker test availability
            kind: sla
            schedule: daily
            period: previous-day
            tenants: [\(list)]
            formats: [html, csv]
            """.write(to: reports.appendingPathComponent("zzw-sla.yaml"), atomically: true, encoding: .utf8)
        try """
            name: zzw-perf
            title: Worker test performance
            kind: performance
            schedule: daily
            period: previous-day
            tenants: [\(list)]
            formats: [csv, xlsx]
            """.write(to: reports.appendingPathComponent("zzw-perf.yaml"), atomically: true, encoding: .utf8)
        environment = [
            "NINJAIT_REPORTS_DIR": reports.path,
            "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path,
            "NINJAIT_OUT_DIR": dir.appendingPathComponent("out").path,
            "NINJAIT_JOBS_QUEUE": topology.jobs,
            "NINJAIT_EXCHANGE": exchange,
        ]
        let amqp = try AMQPConnection(url: config.amqpURL)
        defer { amqp.close() }
        try amqp.declareExchange(exchange, type: "topic", durable: true)
        try amqp.declareQueue(notifications, durable: true)
        for tenant in tenants { try amqp.bindQueue(notifications, exchange: exchange, bindingKey: "report.ready.\(tenant.slug).#") }
    }

    /// Starts the CLI without waiting; stdout and stderr go to `<dir>/<name>.out` and `.err`.
    func start(_ name: String, _ arguments: [String]) throws -> pid_t {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let pid = try TestEnvironment.launch(TestEnvironment.binary.path, arguments, environment: env,
                                             stdout: dir.appendingPathComponent("\(name).out").path,
                                             stderr: dir.appendingPathComponent("\(name).err").path)
        pids.append(pid)
        return pid
    }

    /// What a started process wrote so far.
    func output(_ name: String, error: Bool = false) -> String {
        (try? String(contentsOf: dir.appendingPathComponent("\(name).\(error ? "err" : "out")"), encoding: .utf8)) ?? ""
    }

    /// The exit status, or nil when it is still running after `timeout` seconds (it is then killed).
    func wait(_ pid: pid_t, timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        repeat {
            if waitpid(pid, &status, WNOHANG) == pid {
                pids.removeAll { $0 == pid }
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            usleep(20_000)
        } while Date() < deadline
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        pids.removeAll { $0 == pid }
        return nil
    }

    /// Whether `pid` has ended (it is then reaped).
    func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        pids.removeAll { $0 == pid }
        return true
    }

    /// Every message now in `queue` (taken and acked).
    func drain(_ queue: String) throws -> [AMQPDelivery] {
        let amqp = try AMQPConnection(url: config.amqpURL)
        defer { amqp.close() }
        var all: [AMQPDelivery] = []
        while let delivery = try amqp.get(queue: queue, autoAck: true) { all.append(delivery) }
        return all
    }

    /// Ready messages in `queue`.
    func depth(_ queue: String) throws -> Int {
        let amqp = try AMQPConnection(url: config.amqpURL)
        defer { amqp.close() }
        return try amqp.queueInfo(queue).messageCount
    }

    /// Kills what is still running, deletes the queues, the exchange, the tenants (PostgreSQL
    /// cascades to devices, ledger and outbox) and their InfluxDB series, and the temp folder.
    func cleanUp() {
        for pid in pids {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        if let amqp = try? AMQPConnection(url: config.amqpURL) {
            for queue in [topology.jobs, topology.dead, notifications] + topology.retryQueues { _ = try? amqp.deleteQueue(queue) }
            try? amqp.deleteExchange(exchange)
            amqp.close()
        }
        try? WorkerTestFleet.removeFleets(matching: "\(tag)-%", olderThanMinutes: 0, config: config)
        try? FileManager.default.removeItem(at: dir)
    }

    /// Removes `zz-worker-` fleets an earlier, interrupted run left behind (older than 30 minutes,
    /// so a run going on at the same time keeps its own).
    static func removeOldFleets(config: Configuration) throws {
        try removeFleets(matching: "zz-worker-%", olderThanMinutes: 30, config: config)
    }

    private static func removeFleets(matching pattern: String, olderThanMinutes minutes: Int, config: Configuration) throws {
        let servers = Servers(config: config)
        let pg = try servers.postgres()
        let old = try pg.query("SELECT id FROM organizations WHERE slug LIKE $1 AND created_at < now() - make_interval(mins => $2)",
                               [pattern, minutes], purpose: "worker test fleets")
        let ids = (0..<old.count).compactMap { old.string($0, 0) }
        guard !ids.isEmpty else { return }
        let influx = try servers.influx()
        for id in ids { try influx.execute("DROP SERIES WHERE organization_id = \(InfluxQL.string(id))", purpose: "drop worker test series") }
        try pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [ids], purpose: "drop worker test tenants")
    }
}
