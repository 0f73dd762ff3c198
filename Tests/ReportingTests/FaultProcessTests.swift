import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// Issue 6 items 3 and 4: a full disk, a process killed mid-write, PostgreSQL restarted mid-run.
/// No half report is ever visible, old files stay intact, temp folders are cleaned, the lock is
/// released and a rerun is clean and complete.
@Suite("Faults: full disk, killed process, PostgreSQL restart", .serialized)
struct FaultProcessTests {
    let fixture: FleetFixture
    let slug: String

    init() throws {
        fixture = try FleetFixture.shared.get()
        slug = fixture.tenants[2].slug
    }

    /// Starts the CLI without waiting; stdout/stderr go to files in `dir`.
    static func start(_ arguments: [String], environment: [String: String], dir: URL) throws -> pid_t {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        return try TestEnvironment.launch(TestEnvironment.binary.path, arguments, environment: env,
                                          stdout: dir.appendingPathComponent("stdout").path, stderr: dir.appendingPathComponent("stderr").path)
    }

    /// Waits up to `timeout` seconds; the exit status, or nil (and the process is killed) on timeout.
    static func wait(_ pid: pid_t, timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        return nil
    }

    static func leftovers(under root: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            let name = ($0 as NSString).lastPathComponent
            return name.hasPrefix(".tmp-") || name.hasPrefix(".old-")
        }
    }

    /// Name → contents of every file of a report folder.
    static func snapshot(_ dir: URL) throws -> [String: Data] {
        var all: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            all[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return all
    }

    /// A published folder is complete: its manifest lists exactly its files, each with the right size and sha256.
    static func expectComplete(_ dir: URL) throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
        let files = manifest["files"] as! [[String: Any]]
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == Set(files.map { (($0["path"] as! String) as NSString).lastPathComponent } + ["manifest.json"]))
        for f in files {
            let url = dir.appendingPathComponent(((f["path"] as! String) as NSString).lastPathComponent)
            let digest = try ReportFile.digest(of: url)
            #expect(digest.sha256 == f["sha256"] as? String && digest.bytes == (f["bytes"] as? NSNumber)?.intValue, "\(url.lastPathComponent)")
        }
    }

    @Test func fullDiskFailsTheReportKeepsTheOldOneAndLeavesNoTempFolder() throws {
        guard getuid() == 0 else { return } // mounting a tmpfs needs root (CI and scripts/test run as root)
        let mountPoint = try TestEnvironment.temporaryDirectory()
        let mounted = try TestEnvironment.spawn("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path],
                                                environment: ProcessInfo.processInfo.environment)
        try #require(mounted.status == 0, "mount: \(mounted.stderr)")
        defer {
            _ = try? TestEnvironment.spawn("/bin/umount", ["-l", mountPoint.path], environment: ProcessInfo.processInfo.environment)
            try? FileManager.default.removeItem(at: mountPoint)
        }
        let env = ScratchTenant.env(out: mountPoint)
        let args = ["run", "sla", "--tenant", slug, "--period", "2026-10-24", "--no-publish", "--force"]
        let first = try TestEnvironment.run(args, environment: env)
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        let folder = mountPoint.appendingPathComponent("\(slug)/sla/2026-10-24")
        let before = try Self.snapshot(folder)

        // Fill the disk, leaving 16 KiB: less than one report.
        var fs = statvfs()
        statvfs(mountPoint.path, &fs)
        let free = Int(fs.f_bavail) * Int(fs.f_frsize)
        let filler = mountPoint.appendingPathComponent("filler")
        try Data(count: max(0, free - 16_384)).write(to: filler)
        let full = try TestEnvironment.run(args, environment: env)
        #expect(full.status == 1, "\(full.stdout)\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "names the cause: \(full.stderr)")
        #expect(try Self.snapshot(folder) == before, "the previous report is intact")
        #expect(Self.leftovers(under: mountPoint).isEmpty, "no temp folder left: \(Self.leftovers(under: mountPoint))")

        try FileManager.default.removeItem(at: filler)
        let again = try TestEnvironment.run(args, environment: env)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        try Self.expectComplete(folder)
        #expect(Self.leftovers(under: mountPoint).isEmpty)
    }

    @Test func killedRunNeverLeavesAHalfReportAndItsTempFolderIsCleanedLater() throws {
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let env = ScratchTenant.env(out: out)
        let args = ["run", "sla", "--tenant", slug, "--period", "2026-10-23", "--no-publish", "--force"]
        let folder = out.appendingPathComponent("\(slug)/sla/2026-10-23")
        let logs = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: logs) }
        // Kill at staggered moments: whatever is visible is either nothing or a complete report.
        for delay in [20_000, 60_000, 100_000, 140_000, 180_000, 250_000] as [UInt32] {
            let pid = try Self.start(args, environment: env, dir: logs)
            usleep(delay)
            kill(pid, SIGKILL)
            _ = Self.wait(pid, timeout: 10)
            if FileManager.default.fileExists(atPath: folder.path) { try Self.expectComplete(folder) }
        }
        // A temp folder of a killed run (older than 10 minutes) is removed by the next run.
        let parent = folder.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let stale = parent.appendingPathComponent(".tmp-2026-10-23-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: stale.appendingPathComponent("devices.csv"))
        // Temp folders younger than 10 minutes may belong to a live run and are kept; age them all
        // (the killed runs' too), as by the next night.
        let old = Date().addingTimeInterval(-3_600)
        for name in try FileManager.default.contentsOfDirectory(atPath: parent.path) where name.hasPrefix(".tmp-") {
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: parent.appendingPathComponent(name).path)
        }
        let rerun = try TestEnvironment.run(args, environment: env)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        try Self.expectComplete(folder)
        #expect(Self.leftovers(under: out).isEmpty, "stale temp folders removed: \(Self.leftovers(under: out))")
    }

    @Test func postgresRestartedMidRunReleasesTheLockAndARerunIsComplete() throws {
        // History reads go through a proxy that holds each request 2 s, so the run is mid-flight
        // (lock held, ledger row written) while PostgreSQL goes down and comes back.
        let influx = try FaultProxy(upstream: fixture.config.influxURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { influx.stop() }
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { clickhouse.stop() }
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let logs = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: logs) }
        let args = ["run", "sla", "--tenant", slug, "--period", "2026-10-22", "--no-publish", "--force"]
        let pid = try Self.start(args, environment: ScratchTenant.env(out: out, extra: ["NINJAIT_INFLUX_URL": influx.url,
                                                                                      "NINJAIT_CLICKHOUSE_URL": clickhouse.url]), dir: logs)
        var restarted = false
        defer { if !restarted { try? Services.run("up", "postgres") } }
        let deadline = Date().addingTimeInterval(10)
        while influx.hits + clickhouse.hits == 0 && Date() < deadline { usleep(20_000) }
        #expect(influx.hits + clickhouse.hits > 0, "the run reached its history reads")
        try Services.run("down", "postgres")
        try Services.run("up", "postgres")
        restarted = true
        let status = Self.wait(pid, timeout: 30)
        let stderr = (try? String(contentsOf: logs.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
        let stdout = (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
        #expect(status != nil, "the interrupted run ends by itself (no hang)")
        #expect(status != 75, "\(stdout)\(stderr)")
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("\(slug)/sla/2026-10-22").path) {
            try Self.expectComplete(out.appendingPathComponent("\(slug)/sla/2026-10-22"))
        }
        #expect(Self.leftovers(under: out).isEmpty)

        // The lock went with the connection: a new run takes it and completes.
        let rerun = try TestEnvironment.run(args, environment: ScratchTenant.env(out: out))
        #expect(rerun.status == 0, "lock free, rerun clean: \(rerun.stdout)\(rerun.stderr)")
        try Self.expectComplete(out.appendingPathComponent("\(slug)/sla/2026-10-22"))
        #expect(Self.leftovers(under: out).isEmpty)
        let pg = try fixture.servers.postgres()
        let r = try pg.query("""
            SELECT count(*) FROM reporting.report_runs WHERE organization_id = $1 AND definition = 'sla' AND period_label = '2026-10-22'
            AND status = 'succeeded'
            """, [fixture.tenants[2].id], purpose: "test ledger")
        #expect(r.int(0, 0) == 1, "exactly one success in the ledger")
    }

    /// PostgreSQL stopped in the middle of a report: the report fails, `ledger.fail` cannot write
    /// either, and the run says both (the report's error and the ledger's) and exits 69 (a server
    /// is unavailable). The row it could not finish stays `running` until the next run of the
    /// report marks it abandoned.
    @Test func ledgerThatCannotRecordTheFailureReportsBothErrorsAndExits69() throws {
        let influx = try FaultProxy(upstream: fixture.config.influxURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { influx.stop() }
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { clickhouse.stop() }
        let out = try TestEnvironment.temporaryDirectory()
        let logs = try TestEnvironment.temporaryDirectory()
        defer { for d in [out, logs] { try? FileManager.default.removeItem(at: d) } }
        let args = ["run", "sla", "--tenant", slug, "--period", "2026-10-20", "--no-publish", "--force"]
        let pid = try Self.start(args, environment: ScratchTenant.env(out: out, extra: ["NINJAIT_INFLUX_URL": influx.url,
                                                                                      "NINJAIT_CLICKHOUSE_URL": clickhouse.url]), dir: logs)
        var stopped = false
        defer { if stopped { try? Services.run("up", "postgres") } }
        let deadline = Date().addingTimeInterval(10)
        while influx.hits + clickhouse.hits == 0 && Date() < deadline { usleep(20_000) }
        try #require(influx.hits + clickhouse.hits > 0, "the run reached its history reads (its ledger row is written)")
        try Services.run("down", "postgres")
        stopped = true
        let status = Self.wait(pid, timeout: 60)
        try Services.run("up", "postgres")
        stopped = false
        let stderr = (try? String(contentsOf: logs.appendingPathComponent("stderr"), encoding: .utf8)) ?? ""
        let stdout = (try? String(contentsOf: logs.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
        #expect(status == 69, "PostgreSQL unavailable: \(stdout)\(stderr)")
        #expect(stdout.contains("status=failed"), "\(stdout)")
        // The line and what follows it (PostgreSQL's messages span lines).
        let failure = stderr.range(of: "failed: sla \(slug) 2026-10-20").map { String(stderr[$0.lowerBound...]) } ?? ""
        #expect(failure.contains("postgres"), "the report's own error names the server: \(stderr)")
        #expect(failure.contains("and the ledger could not record the failure: postgres"), "and the ledger's error: \(stderr)")
        #expect(failure.contains("ledger: record failure"), "naming what the ledger tried: \(stderr)")
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("\(slug)/sla/2026-10-20").path) {
            try Self.expectComplete(out.appendingPathComponent("\(slug)/sla/2026-10-20"))
        }
        #expect(Self.leftovers(under: out).isEmpty)

        // The row it could not finish is still `running`; the next run of that report marks it abandoned.
        let pg = try fixture.servers.postgres()
        let rows = try pg.query("""
            SELECT id::text FROM reporting.report_runs WHERE organization_id = $1 AND definition = 'sla' AND period_label = '2026-10-20'
            AND status = 'running'
            """, [fixture.tenants[2].id], purpose: "test ledger")
        #expect(rows.count == 1, "left running by the failed ledger write")
        let rerun = try TestEnvironment.run(args, environment: ScratchTenant.env(out: out))
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        if let stuck = rows.string(0, 0) {
            let after = try pg.query("SELECT status FROM reporting.report_runs WHERE id = $1::uuid", [stuck], purpose: "test ledger")
            #expect(after.string(0, 0) == "abandoned")
        }
    }

    /// Issue 6 item 5 with two real processes: while a slow run holds the lock, a second run
    /// (as cron and an operator would start them) exits 75 and writes nothing; the first completes.
    @Test func overlappingRunSecondExits75AndWritesNothing() throws {
        let influx = try FaultProxy(upstream: fixture.config.influxURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { influx.stop() }
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "delay:2", match: fixture.tenants[2].id)
        defer { clickhouse.stop() }
        let out = try TestEnvironment.temporaryDirectory(), out2 = try TestEnvironment.temporaryDirectory()
        let logs = try TestEnvironment.temporaryDirectory()
        defer { for d in [out, out2, logs] { try? FileManager.default.removeItem(at: d) } }
        let args = ["run", "sla", "--tenant", slug, "--period", "2026-10-21", "--no-publish", "--force"]
        let pid = try Self.start(args, environment: ScratchTenant.env(out: out, extra: ["NINJAIT_INFLUX_URL": influx.url,
                                                                                      "NINJAIT_CLICKHOUSE_URL": clickhouse.url]), dir: logs)
        let deadline = Date().addingTimeInterval(10)
        while influx.hits + clickhouse.hits == 0 && Date() < deadline { usleep(20_000) }
        #expect(influx.hits + clickhouse.hits > 0, "the first run is mid-flight")
        let second = try TestEnvironment.run(args, environment: ScratchTenant.env(out: out2))
        #expect(second.status == 75, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.contains("lock"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out2.path).isEmpty, "the second run wrote nothing")
        let nightly = try TestEnvironment.run(["nightly", "--catch-up-days", "0", "--no-publish"], environment: ScratchTenant.env(out: out2))
        #expect(nightly.status == 75, "\(nightly.stdout)\(nightly.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out2.path).isEmpty, "the overlapping nightly wrote nothing")
        let status = Self.wait(pid, timeout: 30)
        #expect(status == 0, "the first run completes")
        try Self.expectComplete(out.appendingPathComponent("\(slug)/sla/2026-10-21"))
    }
}
