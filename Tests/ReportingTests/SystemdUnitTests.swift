import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// The shipped systemd units are confined (exposure at most 2.0), valid, and their commands
/// still do their job when run confined as the unit says (`SystemdUnitSandbox`).
@Suite("systemd units in cron/", .serialized)
struct SystemdUnitTests {
    static let cron = TestEnvironment.repoRoot.appendingPathComponent("cron")

    static var units: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cron.path)) ?? []).filter { $0.hasSuffix(".service") }.sorted()
    }

    static func systemdAnalyze(_ arguments: [String], in directory: URL) throws -> TestEnvironment.Output {
        guard let path = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("systemd-analyze is not installed (Debian package systemd; scripts/test installs it)")
        }
        let files = arguments.map { $0.hasPrefix("./") ? directory.appendingPathComponent(String($0.dropFirst(2))).path : $0 }
        return try TestEnvironment.spawn(path, files, environment: ProcessInfo.processInfo.environment)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    @Test func everyServiceIsShipped() {
        #expect(Set(Self.units).isSuperset(of: ["ninjait-reports.service", "ninjait-reports-mailer.service",
                                                 "ninjait-reports-worker@.service", "ninjait-reports-enqueue.service",
                                                 "ninjait-reports-hours.service"]))
    }

    /// The hour rollup runs every 15 minutes, catches up after downtime, and has a crontab line too.
    @Test func hoursTimerRunsEveryQuarterHour() throws {
        let timer = try String(contentsOf: Self.cron.appendingPathComponent("ninjait-reports-hours.timer"), encoding: .utf8)
        #expect(timer.contains("\nOnCalendar=*:0/15\n") && timer.contains("\nPersistent=true\n"), "\(timer)")
        let crontab = try String(contentsOf: Self.cron.appendingPathComponent("ninjait-reports.crontab"), encoding: .utf8)
        #expect(crontab.split(separator: "\n").contains { $0.hasPrefix("*/15 * * * * ") && $0.contains("ninjait-reports rollup --hours") }, "\(crontab)")
    }

    @Test(arguments: SystemdUnitTests.units)
    func exposureIsAtMostTwo(unit: String) throws {
        let out = try Self.systemdAnalyze(["security", "--offline=yes", "--no-pager", "./\(unit)"], in: Self.cron)
        let line = out.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") }
        let score = line.flatMap { l in l.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) } }
        #expect(score != nil, "no score in: \(out.stdout)\(out.stderr)")
        #expect((score ?? 10) <= 2.0, "\(unit): \(line ?? "")")
    }

    /// Confinement that the score alone would not pin down: what the job needs stays possible.
    @Test(arguments: SystemdUnitTests.units)
    func confinementKeepsWhatTheJobNeeds(unit: String) throws {
        let text = try String(contentsOf: Self.cron.appendingPathComponent(unit), encoding: .utf8)
        for line in ["ProtectSystem=strict", "PrivateTmp=yes", "PrivateDevices=yes", "ProtectHome=yes", "CapabilityBoundingSet=",
                     "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SystemCallFilter=@system-service", "UMask=0027", "NoNewPrivileges=yes"] {
            #expect(text.contains("\n\(line)\n"), "\(unit) lacks \(line)")
        }
        // Reports and the working directory stay writable for the units that write them.
        if unit != "ninjait-reports-mailer.service" {
            #expect(text.contains("ReadWritePaths=/var/lib/ninjait-reports /srv/reports"), "\(unit): report folders not writable")
        }
    }

    /// `systemd-analyze verify` finds nothing to say (the binary path stubbed, as it is not installed here).
    @Test func unitsVerifyClean() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.cron.path).filter { $0.hasSuffix(".service") || $0.hasSuffix(".timer") }
        for file in files {
            let text = try String(contentsOf: Self.cron.appendingPathComponent(file), encoding: .utf8)
            try text.replacingOccurrences(of: "/usr/local/bin/ninjait-reports", with: "/bin/true")
                .write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let out = try Self.systemdAnalyze(["verify", "--man=no"] + files.sorted().map { "./\($0)" }, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let complaints = (out.stdout + out.stderr).split(separator: "\n").filter { !$0.isEmpty }
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }

    // MARK: the units' commands, run confined

    static func unit(_ name: String) throws -> SystemdUnit {
        SystemdUnit(name: name, text: try String(contentsOf: cron.appendingPathComponent(name), encoding: .utf8))
    }

    /// A sandbox for `unit` with a configuration at its `NINJAIT_CONFIG` path: the test servers,
    /// a notification exchange and work queue of its own, reports in the unit's `/srv/reports`,
    /// metrics in `/var/lib/ninjait-reports`, and one daily definition (named `definition`) for one tenant.
    static func sandbox(_ name: String, definition: String, exchange: String, jobsQueue: String, tenant: Tenant) throws -> SystemdUnitSandbox {
        let unit = try unit(name)
        let box = try SystemdUnitSandbox(unit: unit)
        let config = try TestEnvironment.configuration()
        let configPath = try #require(unit.environment["NINJAIT_CONFIG"], "\(name) sets NINJAIT_CONFIG")
        let reports = box.map("/etc/ninjait-reports/reports")
        try box.writeOwned("""
            name: \(definition)
            title: Unit test availability
            kind: sla
            schedule: daily
            period: previous-day
            tenants: [\(tenant.slug)]
            formats: [html, csv]
            """, to: reports + "/\(definition).yaml")
        let yaml = [
            "postgres_url": config.postgresURL, "influx_url": config.influxURL, "influx_database": config.influxDatabase,
            "clickhouse_url": config.clickhouseURL, "clickhouse_database": config.clickhouseDatabase, "amqp_url": config.amqpURL,
            "exchange": exchange, "jobs_queue": jobsQueue, "smtp_url": "smtp://127.0.0.1:9",
            "out_dir": box.map("/srv/reports"), "reports_dir": reports,
            "templates_dir": TestEnvironment.repoRoot.appendingPathComponent("templates").path,
            "metrics_textfile": box.map("/var/lib/ninjait-reports/ninjait-reports.prom"),
        ].sorted { $0.key < $1.key }.map { "\($0.key): \"\($0.value)\"" }.joined(separator: "\n")
        try box.writeOwned(yaml + "\n", to: box.map(configPath))
        return box
    }

    /// The manifests below the sandbox's `/srv/reports`, and the mode of every file and folder there.
    static func published(in box: SystemdUnitSandbox) -> (manifests: [String], modes: [String: Int]) {
        let out = box.map("/srv/reports")
        var manifests: [String] = [], modes: [String: Int] = [:]
        for path in (FileManager.default.enumerator(atPath: out)?.allObjects as? [String]) ?? [] {
            if path.hasSuffix("manifest.json") { manifests.append(path) }
            modes[path] = (try? FileManager.default.attributesOfItem(atPath: out + "/" + path)[.posixPermissions] as? Int) ?? -1
        }
        return (manifests.sorted(), modes)
    }

    /// Removes the test's ledger rows, queues and exchange.
    static func cleanUp(definition: String, exchange: String, queues: [String], config: Configuration) {
        if let pg = try? PostgresClient(url: config.postgresURL) {
            _ = try? pg.query("DELETE FROM reporting.report_runs WHERE definition = $1", [definition], purpose: "test cleanup")
        }
        if let amqp = try? AMQPConnection(url: config.amqpURL) {
            for q in queues { _ = try? amqp.deleteQueue(q) }
            try? amqp.deleteExchange(exchange)
        }
    }

    static func declare(exchange: String, queue: String, key: String, config: Configuration) throws -> AMQPConnection {
        let amqp = try AMQPConnection(url: config.amqpURL)
        try amqp.declareExchange(exchange, type: "topic", durable: true)
        _ = try amqp.declareQueue(queue, durable: true, exclusive: false, autoDelete: false)
        try amqp.bindQueue(queue, exchange: exchange, bindingKey: key)
        return amqp
    }

    static func depth(_ queue: String, on amqp: AMQPConnection) throws -> Int {
        var n = 0
        while try amqp.get(queue: queue, autoAck: true) != nil { n += 1 }
        return n
    }

    /// `ninjait-reports.service` as the unit runs it (`nightly --catch-up-days 3`, read-only system, private /tmp, as
    /// nobody, umask 0027): the 4 daily reports are written below /srv/reports 0640/0750, announced, and the metrics written.
    @Test func nightlyUnitProducesTheNightsReportsWhenConfined() throws {
        let fixture = try FleetFixture.shared.get()
        let tag = "zz-unit-\(UUID().uuidString.prefix(8).lowercased())"
        let exchange = "\(tag).reports", ready = "\(tag).ready", jobs = "\(tag).jobs"
        defer { Self.cleanUp(definition: tag, exchange: exchange, queues: [ready], config: fixture.config) }
        let amqp = try Self.declare(exchange: exchange, queue: ready, key: "report.ready.#", config: fixture.config)
        let box = try Self.sandbox("ninjait-reports.service", definition: tag, exchange: exchange, jobsQueue: jobs, tenant: fixture.tenants[0])
        defer { box.remove() }
        #expect(box.unit.execStart.dropFirst() == ["nightly", "--catch-up-days", "3"])
        let result = try box.run()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("summary reports=4 succeeded=4 skipped=0 failed=0 published=4 unpublished=0"), "\(result.stdout)")
        let (manifests, modes) = Self.published(in: box)
        #expect(manifests.count == 4, "one report per night: \(manifests)")
        for (path, mode) in modes {
            let isDir = path.split(separator: "/").count < 4
            #expect(mode == (isDir ? 0o750 : 0o640), "\(path): \(String(mode, radix: 8))")
        }
        #expect(try Self.depth(ready, on: amqp) == 4, "every report announced")
        let metrics = try String(contentsOfFile: box.map("/var/lib/ninjait-reports/ninjait-reports.prom"), encoding: .utf8)
        #expect(metrics.contains("ninjait_reports_last_run_success{job=\"nightly\"} 1"), "\(metrics)")
    }

    /// `ninjait-reports-enqueue.service`, then `ninjait-reports-worker@.service` with `--once`: the 4 jobs
    /// are queued, then produced by the confined worker.
    @Test func enqueueAndWorkerUnitsQueueAndProduceTheReportsWhenConfined() throws {
        let fixture = try FleetFixture.shared.get()
        let tag = "zz-unit-\(UUID().uuidString.prefix(8).lowercased())"
        let exchange = "\(tag).reports", ready = "\(tag).ready", jobs = "\(tag).jobs"
        let queues = [ready, jobs, "\(jobs).dead"] + JobQueueTopologyNames.retries(of: jobs)
        defer { Self.cleanUp(definition: tag, exchange: exchange, queues: queues, config: fixture.config) }
        let amqp = try Self.declare(exchange: exchange, queue: ready, key: "report.ready.#", config: fixture.config)
        let enqueue = try Self.sandbox("ninjait-reports-enqueue.service", definition: tag, exchange: exchange, jobsQueue: jobs, tenant: fixture.tenants[0])
        defer { enqueue.remove() }
        #expect(enqueue.unit.execStart.dropFirst() == ["enqueue", "--catch-up-days", "3"])
        let queued = try enqueue.run()
        #expect(queued.status == 0, "\(queued.stdout)\(queued.stderr)")
        #expect(queued.stdout.contains("summary jobs=4 enqueued=4 failed=0"), "\(queued.stdout)")

        let worker = try Self.sandbox("ninjait-reports-worker@.service", definition: tag, exchange: exchange, jobsQueue: jobs, tenant: fixture.tenants[0])
        defer { worker.remove() }
        #expect(worker.unit.execStart.dropFirst() == ["worker", "--concurrency", "1"])
        let worked = try worker.run(extra: ["--once"])
        #expect(worked.status == 0, "\(worked.stdout)\(worked.stderr)")
        #expect(worked.stdout.contains("summary handled=4 succeeded=4 skipped=0 retried=0 dead=0"), "\(worked.stdout)")
        #expect(Self.published(in: worker).manifests.count == 4)
        #expect(try Self.depth(ready, on: amqp) == 4)
    }

    /// `ninjait-reports-mailer.service` with `--once` (and a queue of its own, so it takes nobody's mail): it
    /// starts confined, reaches the broker and PostgreSQL, finds nothing to send and exits 0.
    @Test func mailerUnitRunsOnceWhenConfined() throws {
        let fixture = try FleetFixture.shared.get()
        let tag = "zz-unit-\(UUID().uuidString.prefix(8).lowercased())"
        let exchange = "\(tag).reports", queue = "\(tag).mailer"
        defer { Self.cleanUp(definition: tag, exchange: exchange, queues: [queue], config: fixture.config) }
        let amqp = try Self.declare(exchange: exchange, queue: queue, key: "report.ready.#", config: fixture.config)
        let box = try Self.sandbox("ninjait-reports-mailer.service", definition: tag, exchange: exchange, jobsQueue: "\(tag).jobs", tenant: fixture.tenants[0])
        defer { box.remove() }
        #expect(box.unit.execStart.dropFirst() == ["mailer"])
        let result = try box.run(extra: ["--once", "--queue", queue])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(try Self.depth(queue, on: amqp) == 0)
    }

    /// `ninjait-reports-hours.service` (`rollup --hours`) confined: it rolls up the finished hours of a running day
    /// (pinned here with --date, --now and one tenant of the hour-rollup fleet) and marks them.
    @Test func hoursUnitRollsUpWhenConfined() throws {
        let fleet = try HourRollupTests.fleet.get()
        let tenant = fleet.tenants[0]
        let tag = "zz-unit-\(UUID().uuidString.prefix(8).lowercased())"
        let clickhouse = try fleet.servers.clickhouse()
        try RollupCatalog(clickhouse: clickhouse).dropDay(HourRollupTests.day)
        defer { try? RollupCatalog(clickhouse: clickhouse).dropDay(HourRollupTests.day) }
        let box = try Self.sandbox("ninjait-reports-hours.service", definition: tag, exchange: "\(tag).reports", jobsQueue: "\(tag).jobs", tenant: tenant)
        defer { box.remove() }
        #expect(box.unit.execStart.dropFirst() == ["rollup", "--hours"])
        let result = try box.run(extra: ["--date", HourRollupTests.dayText, "--now", "2027-06-16T03:10:00Z", "--tenant", tenant.slug])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let marks = try clickhouse.queryStrings("SELECT count() FROM rollup_hours WHERE day = '\(HourRollupTests.dayText)' AND organization_id = \(ClickHouseLiteral.string(tenant.id))",
                                                purpose: "test")
        // 03:10 with a 5-minute settle margin: 00:00, 01:00 and 02:00 finished (Kolkata: 00:30 and 01:30).
        #expect(marks == [[HourGrid(timeZone: tenant.timeZone).offset == 0 ? "3" : "2"]], "\(result.stdout)")
    }
}

/// The retry queues `JobQueueTopology` declares for a work queue with the default retry delay (30 s) and 5 attempts.
enum JobQueueTopologyNames {
    static func retries(of jobs: String) -> [String] {
        [30, 120, 480, 1920].map { "\(jobs).retry.\($0)s" }
    }
}
