import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

/// The mailer trusts the ledger, not the message: every forgery an exchange publisher could try is refused,
/// against the real broker, PostgreSQL ledger and SMTP server; the genuine message still goes out once.
@Suite("mailer: the ledger, not the message", .serialized)
struct MailerTrustTests {
    static func rejections(_ fixture: MailerFixture, _ id: String) -> [String] {
        fixture.logs.lines.filter { $0.hasPrefix("msg=rejected message_id=\(id) ") }
    }

    @Test func everyForgeryIsRefusedAndTheGenuineMessageGoesOutOnce() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let genuine = try fixture.report(tenant: "acme", name: "Acme GmbH", recipients: ["ops@acme.test"],
                                         files: [("sla-monthly.pdf", Data("%PDF-1.7 genuine".utf8)), ("devices.csv", Data("id\n1\n".utf8))])
        #expect(genuine.recipients == ["ops@acme.test"], "the ledger recorded the tenant's recipients")

        // 1. The genuine message republished with a new message id and the attacker as recipient.
        var relay = genuine
        relay.recipients = ["attacker@evil.example"]
        let relayID = UUID().uuidString.lowercased()
        try fixture.publish(relay, messageID: relayID)
        // 1b. The same with the genuine id (not yet mailed): the recipients are not the run's.
        try fixture.publish(relay)
        // 2. An extra file entry, /etc/hostname, with its true size and sha256.
        var extra = genuine
        let hostname = try ReportFile.digest(of: URL(fileURLWithPath: "/etc/hostname"))
        extra.files.append(ReportFile(format: "pdf", path: "/etc/hostname", bytes: hostname.bytes, sha256: hostname.sha256))
        try fixture.publish(extra)
        // 3. A tampered sha256.
        var checksum = genuine
        checksum.files[0].sha256 = String(repeating: "a", count: 64)
        try fixture.publish(checksum)
        // 4. An unknown run id (message id alike).
        var unknown = genuine
        unknown.runId = UUID().uuidString.lowercased()
        try fixture.publish(unknown)
        // 5. Another tenant's id on this tenant's run.
        var otherTenant = genuine
        otherTenant.tenant.id = UUID().uuidString.lowercased()
        try fixture.publish(otherTenant)
        // 6. The genuine message, twice (a redelivery).
        try fixture.publish(genuine)
        try fixture.publish(genuine)

        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.mailed == 1 && outcome.skipped == 1, "\(outcome)")
        #expect(outcome.untrusted == 6 && outcome.rejected == 6, "\(outcome)")
        #expect(outcome.exitCode == 1)
        #expect(try fixture.queueDepth() == 0, "rejected messages are not requeued")
        let mails = try sink.messages()
        try #require(mails.count == 1)
        #expect(mails[0].rcpt_tos == ["ops@acme.test"])
        #expect(!mails[0].to.contains("evil.example"))
        #expect(mails[0].attachments.map(\.filename) == ["sla-monthly.pdf", "devices.csv"])
        #expect(Set(try fixture.mailLog().keys) == [genuine.runId])

        let relayed = Self.rejections(fixture, relayID)
        #expect(relayed.count == 1 && relayed[0].contains("verdict=forged") && relayed[0].contains("is not the run id"), "\(relayed)")
        let byRunID = Self.rejections(fixture, genuine.runId)
        #expect(byRunID.count == 4, "\(byRunID)")
        #expect(byRunID.contains { $0.contains("verdict=tampered") && $0.contains("recipients differ") })
        #expect(byRunID.contains { $0.contains("verdict=tampered") && $0.contains("/etc/hostname") })
        #expect(byRunID.contains { $0.contains("verdict=tampered") && $0.contains("the files differ") && !$0.contains("/etc/hostname") })
        #expect(byRunID.contains { $0.contains("verdict=tampered") && $0.contains("tenant id") })
        let unknownLines = Self.rejections(fixture, unknown.runId)
        #expect(unknownLines.count == 1 && unknownLines[0].contains("verdict=unknown-run"), "\(unknownLines)")
        #expect(!fixture.logs.lines.contains { $0.contains("attacker@evil.example") && $0.hasPrefix("msg=mailed") })
    }

    @Test func aPathThroughASymlinkOutOfTheFolderIsRefused() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        // A file outside the tenant's folder, linked from inside it, recorded with its true size and sha256.
        let outside = fixture.directory.appendingPathComponent("outside-secret.pdf")
        try Data("another tenant's report".utf8).write(to: outside)
        let linked = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"],
                                        files: [("a.pdf", Data("%PDF ok".utf8))], links: [("b.pdf", outside.path)])
        // A report folder that is itself a symlink to another tenant's folder.
        let beta = try fixture.report(tenant: "beta", name: "Beta", recipients: ["ops@beta.test"], files: [("beta.pdf", Data("%PDF beta".utf8))])
        let gammaTenant = try fixture.tenant("gamma", name: "Gamma", recipients: ["ops@gamma.test"])
        let betaFolder = URL(fileURLWithPath: beta.files[0].path).deletingLastPathComponent()
        let gammaDefinition = fixture.directory.appendingPathComponent(gammaTenant.slug).appendingPathComponent("sla-monthly")
        try FileManager.default.createDirectory(at: gammaDefinition, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: gammaDefinition.appendingPathComponent("2026-10").path, withDestinationPath: betaFolder.path)
        let gammaFile = try MailerFixture.entry(gammaDefinition.appendingPathComponent("2026-10/beta.pdf"), mail: .attach, caption: nil)
        let gamma = try recordRun(fixture, tenant: gammaTenant, folder: gammaDefinition.appendingPathComponent("2026-10"), files: [gammaFile])
        try fixture.publish(linked)
        try fixture.publish(gamma)

        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.untrusted == 2 && outcome.mailed == 0, "\(outcome)")
        #expect(try sink.messages().isEmpty)
        #expect(try fixture.queueDepth() == 0)
        let first = Self.rejections(fixture, linked.runId)
        #expect(first.count == 1 && first[0].contains("verdict=outside-folder") && first[0].contains("b.pdf resolves to"), "\(first)")
        let second = Self.rejections(fixture, gamma.runId)
        #expect(second.count == 1 && second[0].contains("verdict=outside-folder"), "\(second)")
    }

    @Test func aRunSupersededByForceIsNoLongerMailable() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let old = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("old.pdf", Data("%PDF old".utf8))])
        // `run --force`: a new run of the same (definition, tenant, period) supersedes the old one in the ledger.
        let new = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"], files: [("new.pdf", Data("%PDF new".utf8))])
        try fixture.publish(old)
        try fixture.publish(new)
        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.mailed == 1 && outcome.untrusted == 1, "\(outcome)")
        let mails = try sink.messages()
        try #require(mails.count == 1)
        #expect(mails[0].message_id == "<\(new.runId).report@ninjait.test>")
        #expect(mails[0].attachments.map(\.filename) == ["new.pdf"])
        let lines = Self.rejections(fixture, old.runId)
        #expect(lines.count == 1 && lines[0].contains("verdict=superseded"), "\(lines)")
    }

    @Test func theLedgerRecordsTheTenantsRecipientsAndQueuesExactlyThose() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let tenant = try fixture.tenant("rcpt", name: "Rcpt", recipients: ["a@rcpt.test", "b@rcpt.test"])
        let pg = try fixture.postgres()
        let ledger = ReportLedger(pg: pg)
        let id = UUID()
        let run = ReportLedger.Run(id: id, definition: "sla-monthly", kind: "sla", organizationID: tenant.id, tenantSlug: tenant.slug,
                                   periodLabel: "2026-10", periodStart: Date(timeIntervalSince1970: 1_790_000_000),
                                   periodEnd: Date(timeIntervalSince1970: 1_790_086_400), trigger: "test")
        try ledger.start(run)
        // The notification built earlier carries a stale list: the ledger replaces it with the recorded one.
        let stale = ReportNotification(runId: id.uuidString.lowercased(), definition: "sla-monthly", kind: "sla", title: "T",
                                       tenant: .init(id: tenant.id, slug: tenant.slug, name: "Rcpt"),
                                       period: .init(label: "2026-10", start: "a", end: "b", timezone: "UTC"), generatedAt: "g",
                                       recipients: ["stale@rcpt.test"], files: [], summary: .init(availabilityPct: nil, slaTargetPct: nil, slaMet: nil, devices: 0, outages: nil))
        let recorded = try ledger.succeed(run, outputDirectory: "/nowhere", files: [], timings: ReportTimings(), exchange: fixture.exchange, notification: stale)
        #expect(recorded == ["a@rcpt.test", "b@rcpt.test"])
        #expect(try ledger.recordedRun(id: id)?.recipients == ["a@rcpt.test", "b@rcpt.test"])
        let body = try pg.query("SELECT body FROM reporting.outbox WHERE message_id = $1", [id], purpose: "test: outbox body")
        let queued = try ReportNotification.decode(Data((body.string(0, 0) ?? "").utf8))
        #expect(queued.recipients == ["a@rcpt.test", "b@rcpt.test"])
        #expect(try ledger.recordedRun(id: UUID()) == nil)
    }

    /// Records a succeeded run of `tenant` with `files` in `folder`, as the runner would; its notification.
    func recordRun(_ fixture: MailerFixture, tenant: (id: String, slug: String), folder: URL, files: [ReportFile]) throws -> ReportNotification {
        let id = UUID()
        let run = ReportLedger.Run(id: id, definition: "sla-monthly", kind: "sla", organizationID: tenant.id, tenantSlug: tenant.slug,
                                   periodLabel: "2026-10", periodStart: Date(timeIntervalSince1970: 1_790_000_000),
                                   periodEnd: Date(timeIntervalSince1970: 1_790_086_400), trigger: "test")
        let ledger = ReportLedger(pg: try fixture.postgres())
        try ledger.start(run)
        let recipients = try ledger.succeed(run, outputDirectory: folder.path, files: files, timings: ReportTimings(), exchange: fixture.exchange, notification: nil)
        return ReportNotification(runId: id.uuidString.lowercased(), definition: "sla-monthly", kind: "sla", title: "T",
                                  tenant: .init(id: tenant.id, slug: tenant.slug, name: "Gamma"),
                                  period: .init(label: "2026-10", start: "2026-09-30T22:00:00Z", end: "2026-10-31T23:00:00Z", timezone: "UTC"),
                                  generatedAt: "2026-11-01T02:15:00Z", recipients: recipients, files: files,
                                  summary: .init(availabilityPct: nil, slaTargetPct: nil, slaMet: nil, devices: 0, outages: nil))
    }
}
