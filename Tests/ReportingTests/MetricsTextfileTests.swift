import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

/// `metrics_textfile`: `run`, `nightly` and `rollup` write node-exporter textfile metrics,
/// read back here by prometheus_client's parser (`Tests/metrics/parse_textfile.py`), merged
/// by `job` label, written atomically.
@Suite("Prometheus textfile metrics", .serialized)
struct MetricsTextfileTests {
    let fixture: FleetFixture
    let tenant: Tenant

    init() throws {
        fixture = try FleetFixture.shared.get()
        tenant = fixture.tenants[1]
    }

    struct Parsed {
        var samples: [(name: String, labels: [String: String], value: Double)]
        var families: [String: String]

        func value(_ name: String, _ labels: [String: String]) -> Double? {
            samples.first { $0.name == name && $0.labels == labels }?.value
        }

        func jobs() -> Set<String> { Set(samples.compactMap { $0.labels["job"] }) }
    }

    /// The file as prometheus_client parses it; fails the test when it does not parse.
    static func parse(_ path: String) throws -> Parsed {
        let script = TestEnvironment.repoRoot.appendingPathComponent("Tests/metrics/parse_textfile.py").path
        let out = try TestEnvironment.spawn("/usr/bin/env", ["python3", script, path], environment: ProcessInfo.processInfo.environment)
        guard out.status == 0 else { throw ReportingError(.io, "parse_textfile.py: \(out.stderr)") }
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any] ?? [:]
        let samples = (json["samples"] as? [[String: Any]] ?? []).map {
            (name: $0["name"] as? String ?? "", labels: $0["labels"] as? [String: String] ?? [:], value: ($0["value"] as? NSNumber)?.doubleValue ?? .nan)
        }
        var families: [String: String] = [:]
        for f in json["families"] as? [[String: Any]] ?? [] { families[f["name"] as? String ?? ""] = f["type"] as? String }
        return Parsed(samples: samples, families: families)
    }

    /// Entries of `dir` other than the metrics file and its lock (temporary files must not stay).
    static func strays(in dir: URL, file: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != file && $0 != file + ".lock" }
    }

    static func rows(in stdout: String) -> Int {
        stdout.split(separator: "\n").filter { $0.contains("msg=report") }.reduce(0) { sum, line in
            sum + RunMetrics.field("rows", in: String(line))
        }
    }

    @Test func runThatSucceedsThenFailsKeepsTheLastSuccessAndOtherJobsSeries() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ninjait.prom")
        // Another command's series, already in the file.
        try """
            # HELP ninjait_reports_last_run_timestamp_seconds When the command last finished (Unix time).
            # TYPE ninjait_reports_last_run_timestamp_seconds gauge
            ninjait_reports_last_run_timestamp_seconds{job="rollup"} 1700000000
            # HELP ninjait_reports_last_run_rollup_days UTC days rolled up by the last run.
            # TYPE ninjait_reports_last_run_rollup_days gauge
            ninjait_reports_last_run_rollup_days{job="rollup"} 1

            """.write(to: file, atomically: true, encoding: .utf8)
        let out = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let env = ScratchTenant.env(out: out, extra: ["NINJAIT_METRICS_TEXTFILE": file.path])

        let before = Date().timeIntervalSince1970
        let ok = try TestEnvironment.run(["run", "sla", "--tenant", tenant.slug, "--period", "2026-10-27", "--force", "--no-publish"], environment: env)
        let after = Date().timeIntervalSince1970
        try #require(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let first = try Self.parse(file.path)
        let run = ["job": "run"]
        let success = try #require(first.value("ninjait_reports_last_success_timestamp_seconds", run))
        #expect(success >= before.rounded(.down) && success <= after, "last success is this run's end: \(success) in \(before)...\(after)")
        #expect(first.value("ninjait_reports_last_run_timestamp_seconds", run) == success)
        #expect(first.value("ninjait_reports_last_run_success", run) == 1)
        #expect(first.value("ninjait_reports_last_run_exit_code", run) == 0)
        #expect(first.value("ninjait_reports_last_run_reports", ["job": "run", "status": "succeeded"]) == 1)
        #expect(first.value("ninjait_reports_last_run_reports", ["job": "run", "status": "failed"]) == 0)
        #expect(first.value("ninjait_reports_last_run_reports", ["job": "run", "status": "skipped"]) == 0)
        let rows = Self.rows(in: ok.stdout)
        #expect(rows > 0)
        #expect(first.value("ninjait_reports_last_run_rows_read", run) == Double(rows), "the rows of the report line")
        let duration = try #require(first.value("ninjait_reports_last_run_duration_seconds", run))
        #expect(duration > 0 && duration <= after - before)
        #expect(first.families["ninjait_reports_last_run_timestamp_seconds"] == "gauge")
        #expect(first.value("ninjait_reports_last_run_timestamp_seconds", ["job": "rollup"]) == 1_700_000_000, "the rollup's series stays")
        #expect(first.value("ninjait_reports_last_run_rollup_days", ["job": "rollup"]) == 1)
        #expect(try Self.strays(in: dir, file: "ninjait.prom").isEmpty, "no temporary file left")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o640, "file_mode applies: \(String(mode ?? 0, radix: 8))")

        // The same report with ClickHouse failing: the run fails, its last success stays.
        let clickhouse = try FaultProxy(upstream: fixture.config.clickhouseURL, mode: "status:500")
        defer { clickhouse.stop() }
        var failingEnv = env
        failingEnv["NINJAIT_CLICKHOUSE_URL"] = clickhouse.url
        let failedAt = Date().timeIntervalSince1970
        let failed = try TestEnvironment.run(["run", "sla", "--tenant", tenant.slug, "--period", "2026-10-27", "--force", "--no-publish"],
                                             environment: failingEnv)
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        let second = try Self.parse(file.path)
        #expect(second.value("ninjait_reports_last_success_timestamp_seconds", run) == success, "a failure keeps the last success")
        #expect((second.value("ninjait_reports_last_run_timestamp_seconds", run) ?? 0) >= failedAt.rounded(.down))
        #expect(second.value("ninjait_reports_last_run_success", run) == 0)
        #expect(second.value("ninjait_reports_last_run_exit_code", run) == 1)
        #expect(second.value("ninjait_reports_last_run_reports", ["job": "run", "status": "failed"]) == 1)
        #expect(second.value("ninjait_reports_last_run_reports", ["job": "run", "status": "succeeded"]) == 0)
        #expect(second.value("ninjait_reports_last_run_timestamp_seconds", ["job": "rollup"]) == 1_700_000_000)
        #expect(second.samples.filter { $0.labels["job"] == "run" }.count == first.samples.filter { $0.labels["job"] == "run" }.count,
                "the run's series replaced, not added")
        #expect(try Self.strays(in: dir, file: "ninjait.prom").isEmpty)
    }

    /// `nightly` and `rollup` on a day without data (nothing of the fleet's is rolled up again):
    /// their series sit next to each other, each with its rollup counts.
    @Test func nightlyAndRollupShareTheFile() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ninjait.prom")
        let reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        try """
            name: zz-metrics-sla
            title: Metrics test
            kind: sla
            schedule: daily
            period: previous-day
            tenants: [\(tenant.slug)]
            formats: [csv]
            """.write(to: reports.appendingPathComponent("zz-metrics-sla.yaml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        var env = ScratchTenant.env(out: out, extra: ["NINJAIT_METRICS_TEXTFILE": file.path])
        env["NINJAIT_REPORTS_DIR"] = reports.path
        let nightly = try TestEnvironment.run(["nightly", "--date", "2020-01-03", "--catch-up-days", "0", "--no-publish"], environment: env)
        try #require(nightly.status == 0, "\(nightly.stdout)\(nightly.stderr)")
        let rollup = try TestEnvironment.run(["rollup", "--date", "2020-01-01"], environment: env)
        try #require(rollup.status == 0, "\(rollup.stdout)\(rollup.stderr)")
        let parsed = try Self.parse(file.path)
        #expect(parsed.jobs() == ["nightly", "rollup"])
        let n = ["job": "nightly"], r = ["job": "rollup"]
        #expect(parsed.value("ninjait_reports_last_run_success", n) == 1)
        #expect(parsed.value("ninjait_reports_last_run_reports", ["job": "nightly", "status": "succeeded"]) == 1)
        #expect(parsed.value("ninjait_reports_last_run_rollup_days", n) == 1, "2020-01-02 rolled up before the night's reports")
        #expect(parsed.value("ninjait_reports_last_run_rollup_failed_days", n) == 0)
        #expect(parsed.value("ninjait_reports_last_run_rollup_days", r) == 1)
        #expect(parsed.value("ninjait_reports_last_run_rollup_devices", r) == 0, "no device reported on 2020-01-01")
        #expect(parsed.value("ninjait_reports_last_run_reports", ["job": "rollup", "status": "succeeded"]) == nil, "rollup has no reports")
        #expect((parsed.value("ninjait_reports_last_success_timestamp_seconds", r) ?? 0)
                >= (parsed.value("ninjait_reports_last_success_timestamp_seconds", n) ?? .infinity))
        #expect(try Self.strays(in: dir, file: "ninjait.prom").filter { !["reports", "out"].contains($0) }.isEmpty)
    }

    /// Two writers and a reader at once: every read is a whole file (rename), no update is lost (flock).
    @Test func concurrentWritersNeverShowAPartialFileNorLoseASeries() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("m.prom").path
        let textfile = MetricsTextfile(path: path, modes: FileModes())
        let rounds = 150
        let group = DispatchGroup()
        let failures = FailureLog()
        for job in ["a", "b"] {
            group.enter()
            Thread.detachNewThread {
                for i in 1...rounds {
                    do {
                        try textfile.update(job: job) { _ in
                            (0..<40).map { MetricsTextfile.Sample("m_series_\($0)", [("job", job)], Double(i), help: "series \($0)") }
                        }
                    } catch { failures.add("\(job): \(error)") }
                }
                group.leave()
            }
        }
        var reads = 0
        while group.wait(timeout: .now()) == .timedOut {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            reads += 1
            let samples = MetricsTextfile.parse(text)
            for job in ["a", "b"] {
                let mine = samples.filter { $0.label("job") == job }
                if !mine.isEmpty && (mine.count != 40 || Set(mine.map(\.value)).count != 1) {
                    failures.add("a read saw a partial set of job \(job): \(mine.count) samples")
                }
            }
            if !text.hasSuffix("\n") { failures.add("a read saw a cut file") }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(5))")
        #expect(reads > 0)
        let final = try Self.parse(path)
        #expect(final.samples.count == 80)
        #expect(final.samples.allSatisfy { $0.value == Double(rounds) }, "every job's last update is in the file")
        #expect(try Self.strays(in: dir, file: "m.prom").isEmpty)
    }

    @Test func aFolderThatDoesNotExistIsAnErrorNamingThePath() throws {
        let textfile = MetricsTextfile(path: "/nonexistent-\(UUID().uuidString)/m.prom", modes: FileModes())
        let error = #expect(throws: ReportingError.self) {
            try textfile.update(job: "run") { _ in [] }
        }
        #expect(error?.description.contains(textfile.path) == true, "\(String(describing: error))")
    }

    final class FailureLog: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }
}
