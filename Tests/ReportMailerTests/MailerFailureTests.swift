import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

/// `report.failed/v1`: mailed to `ops_recipients` only, for runs the ledger has as failed.
@Suite("mailer: failed reports go to the operators", .serialized)
struct MailerFailureTests {
    static let hostile = ReportFailureNotification.Failure(
        server: "clickhouse", purpose: "sla: availability of <devices>",
        message: "Code: 241. DB::Exception: Memory limit <script>alert(1)</script> & more")

    @Test func aFailedRunIsMailedToTheOperatorsOnly() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let failure = try fixture.failedRun(tenant: "acme", name: "Acme & Söhne", recipients: ["client@acme.test"], error: Self.hostile)
        try fixture.publish(failure: failure)
        // Forgeries: an address in the message is never used (the schema has none; an extra field is ignored),
        // a failure for a run that succeeded, an unknown run, a new message id.
        let succeeded = try fixture.report(tenant: "beta", name: "Beta", recipients: ["client@beta.test"], files: [])
        var forged = failure
        forged.runId = succeeded.runId
        forged.tenant = .init(id: succeeded.tenant.id, slug: succeeded.tenant.slug, name: "Beta")
        try fixture.publish(failure: forged)
        var unknown = failure
        unknown.runId = UUID().uuidString.lowercased()
        try fixture.publish(failure: unknown)
        let newID = UUID().uuidString.lowercased()
        try fixture.publish(failure: failure, messageID: newID)
        var withRecipients = try JSONSerialization.jsonObject(with: try failure.encoded()) as! [String: Any]
        withRecipients["recipients"] = ["attacker@evil.example"]
        try fixture.publish(body: try JSONSerialization.data(withJSONObject: withRecipients), messageID: failure.runId,
                            routingKey: failure.routingKey)

        let outcome = try fixture.mailer(smtp: sink.url) { $0.opsRecipients = ["noc@msp.test", "oncall@msp.test"] }.run(once: true)
        #expect(outcome.mailed == 1 && outcome.untrusted == 3 && outcome.skipped == 1, "\(outcome)")
        #expect(try fixture.queueDepth() == 0)
        let mails = try sink.messages()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(Set(mail.rcpt_tos) == ["noc@msp.test", "oncall@msp.test"])
        #expect(!mail.to.contains("acme.test") && !mail.to.contains("evil.example"))
        #expect(mail.subject == "Report failed: Monthly availability and SLA – Acme & Söhne – 2026-10")
        #expect(mail.message_id == "<\(failure.runId).failed@ninjait.test>")
        #expect(mail.headers["X-NinjaIT-Event"] == "report.failed")
        let html = try #require(mail.html), text = try #require(mail.text)
        for part in ["Acme &amp; Söhne (\(failure.tenant.slug))", "sla-monthly", "2026-10", "clickhouse", "sla: availability of &lt;devices&gt;",
                     "Memory limit &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"] {
            #expect(html.contains(part), "HTML lacks \(part)")
        }
        #expect(!html.contains("<script>"))
        for part in ["Tenant: Acme & Söhne", "Server: clickhouse", "Purpose: sla: availability of <devices>", "Error: Code: 241.", "Period: 2026-10"] {
            #expect(text.contains(part), "text lacks \(part)")
        }
        #expect(mail.attachments.isEmpty)
        #expect(try fixture.mailLog()[failure.runId]?.recipients.sorted() == ["noc@msp.test", "oncall@msp.test"])
        let rejected = fixture.logs.lines.filter { $0.hasPrefix("msg=rejected") }
        #expect(rejected.contains { $0.contains("message_id=\(succeeded.runId)") && $0.contains("verdict=forged") && $0.contains("not failed") })
        #expect(rejected.contains { $0.contains("message_id=\(unknown.runId)") && $0.contains("verdict=unknown-run") })
        #expect(rejected.contains { $0.contains("message_id=\(newID)") && $0.contains("verdict=forged") })
        #expect(fixture.logs.lines.contains { $0.hasPrefix("msg=skipped message_id=\(failure.runId)") && $0.contains("already mailed") })
    }

    @Test func withoutOpsRecipientsAFailureIsLoggedAndAckedWithoutMail() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let failure = try fixture.failedRun(tenant: "acme", name: "Acme", recipients: ["client@acme.test"], error: Self.hostile)
        try fixture.publish(failure: failure)
        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.skipped == 1 && outcome.mailed == 0 && outcome.rejected == 0, "\(outcome)")
        #expect(try fixture.queueDepth() == 0)
        #expect(try sink.messages().isEmpty)
        #expect(fixture.logs.lines.contains { $0.hasPrefix("msg=skipped message_id=\(failure.runId)") && $0.contains("no ops_recipients configured") })
    }
}
