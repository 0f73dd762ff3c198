import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import JobQueue
@testable import Reporting

/// A worker's job that keeps failing announces `report.failed` once, after its last attempt
/// (the one that goes to the dead-letter queue), never for an attempt that will be retried.
@Suite("Worker: report.failed after the last attempt", .serialized)
struct WorkerReportFailedTests {
    @Test func everyJobFailingTwiceWithMaxAttemptsTwoAnnouncesOneFailureEach() throws {
        let fleet = try WorkerTestFleet(retryDelay: 1)
        defer { fleet.cleanUp() }
        let failedQueue = "\(fleet.tag).failed"
        let amqp = try AMQPConnection(url: fleet.config.amqpURL)
        defer { _ = try? amqp.deleteQueue(failedQueue); amqp.close() }
        _ = try amqp.declareQueue(failedQueue, durable: true, exclusive: false, autoDelete: false)
        for tenant in fleet.tenants { try amqp.bindQueue(failedQueue, exchange: fleet.exchange, bindingKey: "report.failed.\(tenant.slug).#") }

        var enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "0", "--no-rollup"], environment: fleet.environment)
        for _ in 0..<20 where enqueue.status == ExitStatus.locked {
            Thread.sleep(forTimeInterval: 1)
            enqueue = try TestEnvironment.run(["enqueue", "--date", "2025-03-14", "--catch-up-days", "0", "--no-rollup"], environment: fleet.environment)
        }
        try #require(enqueue.status == 0, "\(enqueue.stdout)\(enqueue.stderr)")
        #expect(try fleet.depth(fleet.topology.jobs) == 6)

        // Every ClickHouse request fails (HTTP 500, not retried): every attempt of every job fails.
        let clickhouse = try FaultScript("fault_proxy.py", ["--upstream", fleet.config.clickhouseURL, "--mode", "status:500"])
        defer { clickhouse.stop() }
        var env = ProcessInfo.processInfo.environment
        for (k, v) in fleet.environment { env[k] = v }
        env["NINJAIT_CLICKHOUSE_URL"] = clickhouse.url
        let worker = try TestEnvironment.spawn(TestEnvironment.binary.path,
                                               ["worker", "--once", "--max-attempts", "2", "--retry-delay", "1"], environment: env)
        #expect(worker.status == 1, "jobs went to the dead-letter queue: \(worker.stdout)\(worker.stderr)")
        #expect(worker.stdout.contains("summary handled=12 succeeded=0 skipped=0 retried=6 dead=6"), "\(worker.stdout)")

        // Two failed runs per job; the notification belongs to the second (last) one.
        let pg = try PostgresClient(url: fleet.config.postgresURL)
        let runs = try pg.query("""
            SELECT definition, organization_id::text, id::text, row_number() OVER (PARTITION BY definition, organization_id ORDER BY started_at)
            FROM reporting.report_runs WHERE organization_id = ANY($1::uuid[]) AND status = 'failed'
            """, [fleet.tenants.map(\.id)], purpose: "test: failed runs")
        #expect(runs.count == 12)
        let last = Set((0..<runs.count).filter { runs.int($0, 3) == 2 }.compactMap { runs.string($0, 2) })
        #expect(last.count == 6)
        let messages = try fleet.drain(failedQueue)
        #expect(messages.count == 6, "one report.failed per job, none for the retried attempts")
        #expect(Set(messages.compactMap(\.messageId)) == last, "message_id is the id of each job's last failed run")
        for message in messages {
            let json = try JSONSerialization.jsonObject(with: message.body) as? [String: Any] ?? [:]
            #expect(json["schema"] as? String == "ninjait.report.failed/v1")
            #expect(json["attempts"] as? Int == 2, "\(json)")
            #expect((json["error"] as? [String: Any])?["server"] as? String == "clickhouse")
            let tenant = json["tenant"] as? [String: Any]
            #expect(message.routingKey == "report.failed.\(tenant?["slug"] as? String ?? "?").\(json["definition"] as? String ?? "?")")
        }
        #expect(try fleet.depth(fleet.topology.dead) == 6)
        #expect(try fleet.drain(fleet.notifications).isEmpty, "no report.ready")
    }
}
