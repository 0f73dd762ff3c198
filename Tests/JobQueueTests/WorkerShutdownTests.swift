import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import JobQueue
@testable import Reporting

/// `worker` as systemd stops it: SIGTERM while a job is running lets that job finish and be
/// acked, takes no further job, and exits 0.
@Suite("Worker shutdown", .serialized)
struct WorkerShutdownTests {
    @Test func sigtermWhileAJobRunsFinishesAndAcksItTakesNoOtherThenExitsZero() throws {
        let fleet = try WorkerTestFleet(retryDelay: 1)
        defer { fleet.cleanUp() }

        // 2 daily definitions × 3 tenants on one date.
        var enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "0", "--no-rollup"],
                                              environment: fleet.environment)
        for _ in 0..<20 where enqueue.status == ExitStatus.locked {  // a nightly of another suite holds the run lock
            Thread.sleep(forTimeInterval: 1)
            enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "0", "--no-rollup"],
                                              environment: fleet.environment)
        }
        try #require(enqueue.status == 0, "\(enqueue.stdout)\(enqueue.stderr)")
        #expect(try fleet.depth(fleet.topology.jobs) == 6)

        // This test's open transaction locks the tenants: the first job waits in its ledger insert.
        let holder = try PostgresClient(url: fleet.config.postgresURL)
        try holder.query("BEGIN", purpose: "test: hold the tenants")
        defer { _ = try? holder.query("ROLLBACK", purpose: "test: release the tenants") }
        try holder.query("SELECT id FROM organizations WHERE id = ANY($1::uuid[]) FOR UPDATE", [fleet.tenants.map(\.id)],
                         purpose: "test: hold the tenants")
        let holderPID = try holder.query("SELECT pg_backend_pid()", purpose: "test: holder pid").int(0, 0) ?? -1
        let pid = try fleet.start("worker", ["worker", "--concurrency", "1", "--retry-delay", "1"])
        // Asked on another connection: inside a transaction pg_stat_activity would not change.
        let observer = try PostgresClient(url: fleet.config.postgresURL)
        let deadline = Date().addingTimeInterval(30)
        var blocked = false
        while !blocked, Date() < deadline, !fleet.hasExited(pid) {
            let waiting = try observer.query("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [holderPID],
                                             purpose: "test: is the worker's job waiting?")
            blocked = (waiting.int(0, 0) ?? 0) > 0
            if !blocked { usleep(20_000) }
        }
        try #require(blocked, "no job of the worker waited for its tenant: \(fleet.output("worker"))\(fleet.output("worker", error: true))")
        #expect(fleet.output("worker").contains("msg=job-started"))

        kill(pid, SIGTERM)
        Thread.sleep(forTimeInterval: 1)
        #expect(!fleet.hasExited(pid), "the worker did not finish the job in hand: \(fleet.output("worker"))")
        try holder.query("ROLLBACK", purpose: "test: release the tenants")

        let status = fleet.wait(pid, timeout: 60)
        #expect(status == 0, "exit \(String(describing: status)): \(fleet.output("worker"))\(fleet.output("worker", error: true))")
        let output = fleet.output("worker")
        let jobs = output.split(separator: "\n").filter { $0.contains("msg=report") }
        #expect(jobs.count == 1, "\(output)")
        #expect(jobs.allSatisfy { $0.contains("status=succeeded") && $0.contains("action=ack") }, "\(output)")
        #expect(output.contains("msg=\"worker stopped\" succeeded=1 skipped=0 retried=0 dead=0 requeued=0"), "\(output)")
        #expect(output.contains("summary handled=1 succeeded=1 skipped=0 retried=0 dead=0 requeued=0"), "\(output)")

        // One succeeded run in the ledger, nothing left running, announced once.
        let runs = try observer.query("""
            SELECT status, count(*) FROM reporting.report_runs WHERE organization_id = ANY($1::uuid[]) GROUP BY status
            """, [fleet.tenants.map(\.id)], purpose: "test: runs of the fleet")
        #expect(runs.count == 1 && runs.string(0, 0) == "succeeded" && runs.int(0, 1) == 1)
        #expect(try fleet.drain(fleet.notifications).count == 1)
        // The other five jobs wait untouched: neither delivered again nor retried nor dead-lettered.
        let left = try fleet.drain(fleet.topology.jobs)
        #expect(left.count == 5)
        #expect(left.allSatisfy { !$0.redelivered }, "a job was delivered to the stopping worker and put back")
        #expect(try fleet.depth(fleet.topology.dead) == 0)
        for queue in fleet.topology.retryQueues { #expect(try fleet.depth(queue) == 0, "\(queue)") }
    }
}
