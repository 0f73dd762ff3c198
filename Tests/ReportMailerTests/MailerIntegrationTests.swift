import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting
import ServiceLifecycle

/// The mailer end to end: RabbitMQ, PostgreSQL (`reporting.mail_log`) and a real SMTP server (aiosmtpd).
@Suite("mailer against the real servers", .serialized)
struct MailerIntegrationTests {
    static func bytes(_ count: Int, seed: UInt8) -> Data { Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed }) }

    @Test func mailsEveryReportOnceWithIntactAttachments() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let acme = try fixture.report(tenant: "acme", name: "Acme GmbH", recipients: ["ops@acme.test", "ceo@acme.test"],
                                      files: [("sla-monthly_acme_2026-10.xlsx", Self.bytes(40_000, seed: 1)), ("devices.csv", Data("id,name\n1,Köln\n".utf8))])
        let beta = try fixture.report(tenant: "beta", name: "Beta Ltd", recipients: ["it@beta.test"],
                                      files: [("a.html", Self.bytes(5_000, seed: 2)), ("b.csv", Self.bytes(700, seed: 3)), ("c.csv.gz", Self.bytes(900, seed: 4))],
                                      availability: 99.5, met: false)
        try fixture.publish(acme)
        try fixture.publish(beta)

        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.mailed == 2 && outcome.rejected == 0 && outcome.skipped == 0)
        #expect(try fixture.queueDepth() == 0)
        let mails = try sink.messages()
        try #require(mails.count == 2)
        for (n, mail) in zip([acme, beta], mails) {
            #expect(Set(mail.rcpt_tos) == Set(n.recipients))
            #expect(mail.mail_from == "reports@ninjait.test")
            #expect(mail.subject == "Monthly availability and SLA – \(n.tenant.name) – 2026-10")
            #expect(mail.message_id == "<\(n.runId).report@ninjait.test>")
            #expect(mail.defects.isEmpty, "\(mail.defects)")
            let html = mail.html ?? ""
            let context = MailContext(notification: n, plan: try MailAttachmentPlan.load(files: [], limit: 0))
            for text in [context.percent(n.summary.availabilityPct ?? 0), "target 99.90%", n.summary.slaMet == true ? "✓ met" : "✗ breached",
                         ">42<", ">3<", n.tenant.name] {
                #expect(html.contains(text), "HTML of \(n.tenant.slug) lacks \(text)")
            }
            #expect(mail.attachments.map(\.filename) == n.files.map { URL(fileURLWithPath: $0.path).lastPathComponent })
            #expect(mail.attachments.map(\.sha256) == n.files.map(\.sha256))
            #expect(mail.attachments.map(\.bytes) == n.files.map(\.bytes))
        }
        let log = try fixture.mailLog()
        #expect(log[acme.runId]?.recipients.sorted() == ["ceo@acme.test", "ops@acme.test"])
        #expect(log[acme.runId]?.attachments == 2)
        #expect(log[beta.runId]?.attachments == 3)
        #expect(fixture.logs.lines.contains { $0.hasPrefix("msg=mailed message_id=\(acme.runId) tenant=\(acme.tenant.slug) definition=sla-monthly recipients=2 attachments=2") })

        // The same message again (an outbox retry, a redelivery): acked, not mailed twice.
        try fixture.publish(acme)
        let again = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(again.mailed == 0 && again.skipped == 1)
        #expect(try sink.messages().count == 2)
        #expect(try fixture.queueDepth() == 0)
        #expect(fixture.logs.lines.contains { $0.hasPrefix("msg=skipped message_id=\(acme.runId)") && $0.contains("already mailed") })
    }

    @Test func filesOverTheLimitAreListedInsteadOfAttached() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let n = try fixture.report(tenant: "big", name: "Big Corp", recipients: ["ops@big.test"],
                                   files: [("report.xlsx", Self.bytes(3_000, seed: 5)), ("devices.csv", Self.bytes(2_500, seed: 6))])
        try fixture.publish(n)
        let outcome = try fixture.mailer(smtp: sink.url, maxAttachmentBytes: 5_000).run(once: true)
        #expect(outcome.mailed == 1)
        let mail = try #require(try sink.messages().first)
        #expect(mail.attachments.isEmpty)
        let html = mail.html ?? ""
        #expect(html.contains("The files total 5.5 kB, more than the 5.0 kB limit for attachments, so they are not attached."))
        for file in n.files { #expect(html.contains(file.path)); #expect(mail.text?.contains(file.path) == true) }
        #expect(try fixture.mailLog()[n.runId]?.attachments == 0)
        #expect(fixture.logs.lines.contains { $0.contains("msg=mailed") && $0.contains("attachments=0") && $0.contains("attachments_omitted=") })
    }

    @Test func anUnavailableSMTPServerLeavesTheMessageQueued() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("a.csv", Data("x\n".utf8))])
        try fixture.publish(n)
        for mode in ["tempfail", "drop"] {
            let sink = try SMTPSink(mode: mode)
            defer { sink.stop() }
            let error = #expect(throws: ConnectorError.self) {
                try fixture.mailer(smtp: "smtp://mailer:Mailer-Secret@127.0.0.1:\(sink.port)").run(once: true)
            }
            #expect(error?.isTransient == true, "\(mode): \(String(describing: error))")
            #expect(error?.description.contains("127.0.0.1:\(sink.port)") == true)
            #expect(error?.description.contains("Mailer-Secret") == false)
            #expect(try fixture.queueDepth() == 1, "\(mode)")
            #expect(try fixture.mailLog().isEmpty)
            #expect(try sink.messages().isEmpty)
        }
        #expect(throws: ConnectorError.self) { try fixture.mailer(smtp: "smtp://127.0.0.1:1").run(once: true) }
        #expect(try fixture.queueDepth() == 1)
        #expect(!fixture.logs.lines.contains { $0.contains("Mailer-Secret") })

        // The server is back: the message is delivered (redelivered) now.
        let sink = try SMTPSink()
        defer { sink.stop() }
        #expect(try fixture.mailer(smtp: sink.url).run(once: true).mailed == 1)
        #expect(try sink.messages().count == 1)
        #expect(try fixture.mailLog()[n.runId] != nil)
        #expect(try fixture.queueDepth() == 0)
    }

    @Test func aDaemonWaitsForAnUnavailableServerAndStopsWhenAsked() async throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [])
        try fixture.publish(n)
        let options = fixture.options(smtp: "smtp://127.0.0.1:1")
        let logs = fixture.logs
        let service = MailerService(options: options, once: false, log: { logs.append($0) })
        let group = ServiceGroup(services: [service])
        let done = LogLines()
        let running = Task {
            do {
                try await group.run()
                done.append(service.outcome.map { "requeued=\($0.requeued) mailed=\($0.mailed)" } ?? "no outcome")
            } catch {
                done.append("threw \(error)")
            }
        }
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, logs.lines.filter({ $0.hasPrefix("msg=requeued") }).count < 3 { try await Task.sleep(for: .milliseconds(50)) }
        await group.triggerGracefulShutdown()
        let stopDeadline = Date().addingTimeInterval(10)
        while done.lines.isEmpty, Date() < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
        if !done.lines.isEmpty { await running.value }
        let result = try #require(done.lines.first, "the mailer did not stop")
        #expect(result.hasPrefix("requeued=") && result.hasSuffix("mailed=0"), "\(result)")
        let retries = logs.lines.filter { $0.hasPrefix("msg=requeued message_id=\(n.runId)") }
        #expect(retries.count >= 3, "\(logs.lines)")
        #expect(retries.allSatisfy { $0.contains("retry_in=") && !$0.contains("attempt=") }, "an unavailable server costs no attempt")
        #expect(try fixture.queueDepth() == 1)
        #expect(try fixture.mailLog().isEmpty)
    }

    @Test func aDatabaseWithoutTheSchemaStopsTheRunAndKeepsTheMessage() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        try fixture.publish(try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: []))
        var components = try #require(URLComponents(string: fixture.config.postgresURL))
        components.path = "/postgres"
        let postgresURL = try #require(components.string)
        let error = #expect(throws: ConnectorError.self) {
            try fixture.mailer(smtp: sink.url) { $0.postgresURL = postgresURL }.run(once: false)
        }
        #expect(error?.description.contains("reporting.mail_log") == true, "\(String(describing: error))")
        #expect(try fixture.queueDepth() == 1)
        #expect(try sink.messages().isEmpty)
    }

    @Test func aPermanentRefusalIsRetriedThenRejected() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink(mode: "reject-rcpt")
        defer { sink.stop() }
        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["nobody@acme.test"], files: [])
        try fixture.publish(n)
        let outcome = try fixture.mailer(smtp: sink.url) { $0.maxAttempts = 3 }.run(once: true)
        #expect(outcome.rejected == 1 && outcome.requeued == 2 && outcome.mailed == 0)
        #expect(outcome.exitCode == 1)
        #expect(try fixture.queueDepth() == 0)
        #expect(try fixture.mailLog().isEmpty)
        #expect(fixture.logs.lines.contains { $0.hasPrefix("msg=rejected message_id=\(n.runId)") && $0.contains("gave up after 3 attempts") && $0.contains("550") })
    }

    @Test func anOperatorsQueueWithADeadLetterExchangeIsUsedAsItIs() throws {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let dlx = "mailer_test_dlx_\(suffix)", dlq = "mailer_test_dlq_\(suffix)"
        let setup = try MailerFixture.connect(try TestEnvironment.configuration())
        defer {
            _ = try? setup.deleteQueue(dlq)
            _ = try? setup.deleteExchange(dlx)
            setup.close()
        }
        try setup.declareExchange(dlx, type: "fanout", durable: true)
        try setup.declareQueue(dlq, durable: true)
        try setup.bindQueue(dlq, exchange: dlx, bindingKey: "")
        let fixture = try MailerFixture(queueArguments: ["x-dead-letter-exchange": .string(dlx)])
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        try fixture.publish(body: Data("{broken".utf8), messageID: UUID().uuidString)
        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.rejected == 1)
        #expect(try fixture.queueDepth() == 0)
        #expect(try setup.queueInfo(dlq).messageCount == 1, "the rejected message is dead-lettered")
    }

    @Test func invalidMessagesAreRejectedAndTheOthersMailed() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        var tampered = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("a.csv", Data("1\n".utf8))])
        tampered.files[0].sha256 = String(repeating: "0", count: 64)
        let good = try fixture.report(tenant: "beta", name: "Beta", recipients: ["ops@beta.test"], files: [("b.csv", Data("2\n".utf8))])
        var badID = good
        badID.runId = "not-a-uuid"
        try fixture.publish(body: Data("{not json".utf8), messageID: UUID().uuidString)
        try fixture.publish(body: Data(#"{"schema":"ninjait.report.ready/v9"}"#.utf8), messageID: UUID().uuidString)
        try fixture.publish(tampered)
        try fixture.publish(badID)
        try fixture.publish(good)

        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.rejected == 4 && outcome.untrusted == 1 && outcome.mailed == 1)
        #expect(try fixture.queueDepth() == 0)
        #expect(try sink.messages().map(\.rcpt_tos) == [["ops@beta.test"]])
        #expect(Set(try fixture.mailLog().keys) == [good.runId])
        let rejected = fixture.logs.lines.filter { $0.hasPrefix("msg=rejected") }
        #expect(rejected.count == 4)
        #expect(rejected.contains { $0.contains("not a JSON object") })
        #expect(rejected.contains { $0.contains("unknown schema 'ninjait.report.ready/v9'") })
        #expect(rejected.contains { $0.contains("message_id=\(tampered.runId)") && $0.contains("verdict=tampered") && $0.contains("the files differ") })
        #expect(rejected.contains { $0.contains("not a UUID") })
    }
}
