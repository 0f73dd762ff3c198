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
        #expect(result.stdout.contains("msg=mailed message_id=\(n.runId) tenant=acme definition=sla-monthly recipients=1 attachments=1"))
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
        let output = fixture.directory.appendingPathComponent("mailer.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = TestEnvironment.binary
        process.arguments = ["mailer", "--queue", fixture.queue]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment(fixture, smtp: sink.url)) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func log() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        func wait(_ seconds: Double, until condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline { if condition() { return true }; Thread.sleep(forTimeInterval: 0.05) }
            return condition()
        }
        try #require(wait(15) { log().contains("msg=\"mailer started\"") }, "mailer did not start: \(log())")

        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [])
        try fixture.publish(n)
        #expect(wait(15) { log().contains("msg=mailed message_id=\(n.runId)") }, "\(log())")
        #expect(try sink.messages().count == 1)

        process.terminate()
        #expect(wait(10) { !process.isRunning }, "mailer ignored SIGTERM: \(log())")
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(log())")
        #expect(log().contains("msg=\"mailer stopped\" mailed=1"))
    }
}
