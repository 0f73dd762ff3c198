import Analytics
import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import JobQueue
@testable import Reporting

/// Issue 7 parts 3 and 4: `enqueue` puts 30 jobs on the work queue, three `worker` processes
/// consume it, one is killed with SIGKILL in the middle of a report. Every job still succeeds
/// exactly once, nothing is dead-lettered, and each succeeded run is announced exactly once.
@Suite("Workers over RabbitMQ", .serialized)
struct WorkerIntegrationTests {
    @Test func threeWorkersOneKilledMidJobEveryReportOnceAndAnnouncedOnce() throws {
        let started = Date()
        let fleet = try WorkerTestFleet(retryDelay: 1)
        defer { fleet.cleanUp() }
        #expect(fleet.tenants.count == 3)

        // 2 daily definitions × 3 tenants × 5 dates (2025-03-10 ... 2025-03-14).
        var enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "4", "--no-rollup"],
                                              environment: fleet.environment)
        for _ in 0..<20 where enqueue.status == ExitStatus.locked {  // a nightly of another suite holds the run lock
            Thread.sleep(forTimeInterval: 1)
            enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "4", "--no-rollup"],
                                              environment: fleet.environment)
        }
        try #require(enqueue.status == 0, "\(enqueue.stdout)\(enqueue.stderr)")
        #expect(enqueue.stdout.contains("summary jobs=30 enqueued=30 failed=0"), "\(enqueue.stdout)")
        #expect(try fleet.depth(fleet.topology.jobs) == 30)

        let arguments = ["worker", "--once", "--concurrency", "1", "--retry-delay", "1"]
        let victim = try fleet.start("worker-0", arguments)
        let survivors = [try fleet.start("worker-1", arguments), try fleet.start("worker-2", arguments)]

        // Kill worker 0 while the ledger shows its current report `running`.
        let pg = try PostgresClient(url: fleet.config.postgresURL)
        let killed = try killWhileRunning(victim, fleet: fleet, pg: pg)
        try #require(killed != nil, "worker 0 never had a report running: \(fleet.output("worker-0"))\(fleet.output("worker-0", error: true))")
        for (index, pid) in survivors.enumerated() {
            let status = fleet.wait(pid, timeout: 90)
            let name = "worker-\(index + 1)"
            // 1 only when someone else's notification could not be sent from the shared outbox.
            #expect(status == 0 || status == 1, "\(name) exit \(String(describing: status)): \(fleet.output(name, error: true))")
            #expect(fleet.output(name).contains("dead=0"), "\(fleet.output(name))")
        }

        // Exactly one succeeded run per job, nothing left running; the killed run is marked abandoned (interrupted).
        let ids = fleet.tenants.map(\.id)
        let groups = try pg.query("""
            SELECT definition, tenant_slug, period_label, count(*) FILTER (WHERE status = 'succeeded'),
                   count(*) FILTER (WHERE status = 'running'), count(*) FILTER (WHERE status = 'abandoned' AND error LIKE 'interrupted%')
            FROM reporting.report_runs WHERE organization_id = ANY($1::uuid[]) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """, [ids], purpose: "test: runs per job")
        #expect(groups.count == 30)
        var killedJobSeen = false
        for i in 0..<groups.count {
            let job = "\(groups.string(i, 0) ?? "") \(groups.string(i, 1) ?? "") \(groups.string(i, 2) ?? "")"
            #expect(groups.int(i, 3) == 1, "\(job): \(groups.int(i, 3) ?? -1) succeeded runs")
            #expect(groups.int(i, 4) == 0, "\(job): still running")
            if let killed, job == "\(killed.definition) \(killed.tenant) \(killed.period)" {
                killedJobSeen = true
                #expect(groups.int(i, 5) == 1, "\(job): the killed run is not marked interrupted")
            }
        }
        #expect(killedJobSeen)
        // The killed job came back to a survivor as a redelivery and was produced there.
        if let killed {
            let start = "msg=job-started definition=\(killed.definition) tenant=\(killed.tenant) period=\(killed.period) "
            let redone = (fleet.output("worker-1") + fleet.output("worker-2")).split(separator: "\n")
                .contains { $0.hasPrefix("level=info \(start)") && $0.hasSuffix("redelivered=true") }
            #expect(redone, "no survivor took over \(start)")
        }

        // Nothing dead-lettered, nothing left waiting.
        #expect(try fleet.depth(fleet.topology.dead) == 0)
        for queue in [fleet.topology.jobs] + fleet.topology.retryQueues { #expect(try fleet.depth(queue) == 0, "\(queue)") }

        // One report.ready per succeeded run (message_id = run id), none twice.
        let succeeded = try pg.query("""
            SELECT id FROM reporting.report_runs WHERE organization_id = ANY($1::uuid[]) AND status = 'succeeded'
            """, [ids], purpose: "test: succeeded run ids")
        let runIDs = Set((0..<succeeded.count).compactMap { succeeded.string($0, 0)?.lowercased() })
        let announced = try fleet.drain(fleet.notifications).compactMap { $0.messageId?.lowercased() }
        #expect(runIDs.count == 30)
        #expect(announced.count == Set(announced).count, "a run was announced twice")
        #expect(Set(announced) == runIDs, "announced \(announced.count), succeeded \(runIDs.count)")
        #expect(Date().timeIntervalSince(started) < 100)
    }

    @Test func jobMessageIDsAreDeterministicPerJobAndBodiesRoundTrip() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let first = JobMessage(definition: "sla-daily", tenantID: "0b6f0c4e-0000-4000-8000-000000000001", tenantSlug: "acme",
                               period: try ReportPeriod.parse("2026-10-05", relativeTo: Date(), in: berlin))
        var retry = first
        retry.attempt = 3
        retry.lastError = "clickhouse down"
        #expect(first.messageID == retry.messageID && first.lockKey == retry.lockKey)
        let other = JobMessage(definition: "sla-daily", tenantID: first.tenant.id, tenantSlug: "acme",
                               period: try ReportPeriod.parse("2026-10-06", relativeTo: Date(), in: berlin))
        #expect(first.messageID != other.messageID && first.lockKey != other.lockKey)
        #expect(first.messageID.count == 36 && Array(first.messageID)[14] == "5", "not a version-5 UUID: \(first.messageID)")
        #expect(try JobMessage.decode(try retry.encoded()) == retry)
        #expect(throws: ReportingError.self) { try JobMessage.decode(Data("not json".utf8)) }
        var foreign = first
        foreign.schema = "ninjait.report.ready/v1"
        #expect(throws: ReportingError.self) { try JobMessage.decode(try foreign.encoded()) }
    }

    @Test func retryDelaysGrowFourfoldUpToAnHour() {
        let topology = JobQueueTopology(jobs: "q", maxAttempts: 5, retryDelay: 30)
        #expect((2...5).map { topology.delay(beforeAttempt: $0) } == [30, 120, 480, 1920])
        #expect(topology.retryQueues == ["q.retry.30s", "q.retry.120s", "q.retry.480s", "q.retry.1920s"])
        #expect(JobQueueTopology(jobs: "q", maxAttempts: 9, retryDelay: 30).delay(beforeAttempt: 9) == 3600)
        #expect(topology.dead == "q.dead")
    }

    /// Watches the victim's `job-started` lines; SIGKILLs it as soon as the ledger shows that
    /// job `running`. Returns the job that was cut off, or nil when it never saw one in 60 s.
    private func killWhileRunning(_ victim: pid_t, fleet: WorkerTestFleet, pg: PostgresClient) throws
        -> (definition: String, tenant: String, period: String)? {
        let deadline = Date().addingTimeInterval(60)
        var seen = 0
        while Date() < deadline {
            let lines = fleet.output("worker-0").split(separator: "\n").filter { $0.contains("msg=job-started") }
            if lines.count > seen, let line = lines.last {
                seen = lines.count
                let fields = Dictionary(line.split(separator: " ").compactMap { part -> (String, String)? in
                    let pair = part.split(separator: "=", maxSplits: 1)
                    return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
                }, uniquingKeysWith: { first, _ in first })
                let job = (definition: fields["definition"] ?? "", tenant: fields["tenant"] ?? "", period: fields["period"] ?? "")
                let until = Date().addingTimeInterval(3)
                while Date() < until {
                    let r = try pg.query("""
                        SELECT status FROM reporting.report_runs WHERE definition = $1 AND tenant_slug = $2 AND period_label = $3
                        ORDER BY started_at DESC LIMIT 1
                        """, [job.definition, job.tenant, job.period], purpose: "test: is the victim's report running?")
                    if r.count == 1, r.string(0, 0) == "running" {
                        kill(victim, SIGKILL)
                        #expect(fleet.wait(victim, timeout: 10) == 128 + SIGKILL)
                        return job
                    }
                    if r.count == 1 { break }  // already finished: wait for its next report
                    usleep(2_000)
                }
            }
            if fleet.hasExited(victim) { return nil }
            usleep(5_000)
        }
        return nil
    }
}
