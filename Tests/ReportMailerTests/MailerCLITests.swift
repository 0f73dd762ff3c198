import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

/// `ninjait-reports mailer` as cron and systemd run it: the built binary, its exit codes, SIGTERM.
@Suite("mailer command", .serialized)
struct MailerCLITests {
    static func environment(_ fixture: MailerFixture, smtp: String) -> [String: String] {
        ["NINJAIT_EXCHANGE": fixture.exchange, "NINJAIT_SMTP_URL": smtp, "NINJAIT_SMTP_FROM": "reports@ninjait.test",
         "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
    }

    @Test func onceMailsAndExitsZeroOr69WhenSMTPIsDown() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("a.csv", Data("1\n".utf8))])
        try fixture.publish(n)

        let down = try TestEnvironment.run(["mailer", "--once", "--queue", fixture.queue],
                                           environment: Self.environment(fixture, smtp: "smtp://u:Cli-Secret-PW@127.0.0.1:1"))
        #expect(down.status == 69, "\(down.stdout)\n\(down.stderr)")
        #expect(down.stderr.contains("smtp smtp://u@127.0.0.1:1"))
        #expect(!(down.stdout + down.stderr).contains("Cli-Secret-PW"))
        #expect(try fixture.queueDepth() == 1)

        let sink = try SMTPSink()
        defer { sink.stop() }
        let result = try TestEnvironment.run(["mailer", "--once", "--queue", fixture.queue], environment: Self.environment(fixture, smtp: sink.url))
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("msg=mailed message_id=\(n.runId) tenant=\(n.tenant.slug) definition=sla-monthly recipients=1 attachments=1"))
        #expect(try sink.messages().count == 1)
        #expect(try fixture.queueDepth() == 0)

        let missing = try TestEnvironment.run(["mailer", "--once", "--queue", fixture.queue],
                                              environment: Self.environment(fixture, smtp: sink.url).merging(["NINJAIT_TEMPLATES_DIR": "/nonexistent"]) { $1 })
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("/nonexistent/email.html.mustache"))
    }

    @Test func daemonMailsUntilSIGTERMThenExitsZero() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let daemon = try MailerDaemon.started(fixture: fixture, smtp: sink.url)
        defer { daemon.kill() }

        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [])
        try fixture.publish(n)
        #expect(daemon.wait(15) { daemon.log().contains("msg=mailed message_id=\(n.runId)") }, "\(daemon.log())")
        #expect(try sink.messages().count == 1)

        daemon.process.terminate()
        #expect(daemon.wait(10) { !daemon.process.isRunning }, "mailer ignored SIGTERM: \(daemon.log())")
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0, "\(daemon.log())")
        #expect(daemon.log().contains("msg=\"mailer stopped\" mailed=1"))
    }

    /// SIGTERM while a message is being mailed: PostgreSQL holds the mailer between the accepted
    /// mail and its `mail_log` row (this test's open transaction inserted the same id first).
    @Test func sigtermWhileMailingFinishesAndAcksTheMessageThenExitsZero() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let daemon = try MailerDaemon.started(fixture: fixture, smtp: sink.url)
        defer { daemon.kill() }

        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("a.csv", Data("1\n".utf8))])
        let holder = try PostgresClient(url: fixture.config.postgresURL)
        try holder.query("BEGIN", purpose: "test: hold the mail_log row")
        defer { _ = try? holder.query("ROLLBACK", purpose: "test: release the mail_log row") }
        try holder.query("INSERT INTO reporting.mail_log (message_id, recipients) VALUES ($1::uuid, '{}')", [n.runId],
                         purpose: "test: hold the mail_log row")
        let holderPID = try holder.query("SELECT pg_backend_pid()", purpose: "test: holder pid").int(0, 0) ?? -1
        try fixture.publish(n)
        // Asked on another connection: inside a transaction pg_stat_activity would not change.
        let observer = try PostgresClient(url: fixture.config.postgresURL)
        let blocked = daemon.wait(15) {
            ((try? observer.query("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", [holderPID],
                                  purpose: "test: is the mailer waiting for the row?").int(0, 0)) ?? 0) > 0
        }
        try #require(blocked, "the mailer never waited for the mail_log row: \(daemon.log())")
        #expect(try sink.messages().count == 1)

        daemon.process.terminate()
        Thread.sleep(forTimeInterval: 1)
        #expect(daemon.process.isRunning, "the mailer did not finish the message in hand: \(daemon.log())")
        try holder.query("ROLLBACK", purpose: "test: release the mail_log row")

        #expect(daemon.wait(15) { !daemon.process.isRunning }, "mailer ignored SIGTERM: \(daemon.log())")
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus == 0, "\(daemon.log())")
        let lines = daemon.log().split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("msg=mailed message_id=\(n.runId)") }.count == 1, "\(daemon.log())")
        #expect(!lines.contains { $0.hasPrefix("msg=requeued") || $0.hasPrefix("msg=warning") }, "\(daemon.log())")
        #expect(daemon.log().contains("msg=\"mailer stopped\" mailed=1 skipped=0 rejected=0 untrusted=0 requeued=0"), "\(daemon.log())")
        #expect(try sink.messages().count == 1)
        #expect(try fixture.mailLog()[n.runId]?.recipients == ["ops@acme.test"])
        // Acked: nothing came back to the queue when the mailer's connection closed.
        #expect(try fixture.queueDepth() == 0)
    }
}

/// A `ninjait-reports mailer` daemon on the fixture's queue, its stdout and stderr in one log file.
private final class MailerDaemon {
    let process = Process()
    let output: URL

    init(fixture: MailerFixture, smtp: String) throws {
        output = fixture.directory.appendingPathComponent("mailer-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = TestEnvironment.binary
        process.arguments = ["mailer", "--queue", fixture.queue]
        process.environment = ProcessInfo.processInfo.environment.merging(MailerCLITests.environment(fixture, smtp: smtp)) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
    }

    /// A daemon that has logged `mailer started`.
    static func started(fixture: MailerFixture, smtp: String) throws -> MailerDaemon {
        let daemon = try MailerDaemon(fixture: fixture, smtp: smtp)
        let started = daemon.wait(15) { daemon.log().contains("msg=\"mailer started\"") }
        if !started { daemon.kill() }
        try #require(started, "mailer did not start: \(daemon.log())")
        return daemon
    }

    func log() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Polls `condition` for up to `seconds`.
    func wait(_ seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline { if condition() { return true }; Thread.sleep(forTimeInterval: 0.05) }
        return condition()
    }

    /// SIGKILL when it is still running (a failed test).
    func kill() { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }
}
