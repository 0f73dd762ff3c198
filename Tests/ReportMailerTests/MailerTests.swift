import Connectors
import Foundation
import Testing
import ReportingTestSupport
@testable import ReportMailer
import Rendering
@testable import Reporting

/// The mailer's pure parts: message decoding, attachment plans, the e-mail it composes, logfmt, configuration.
@Suite("mailer: composition and decoding")
struct MailerTests {
    static let templates = TestEnvironment.repoRoot.appendingPathComponent("templates")

    static func notification(files: [ReportFile] = [], met: Bool? = false, name: String = "Acme <b>&</b> Söhne") -> ReportNotification {
        ReportNotification(
            runId: "0b6f1c1e-3a52-4d0e-9d51-0c6c3c1d2e4f", definition: "sla-monthly", kind: "sla", title: "Monthly availability and SLA",
            tenant: .init(id: "7d3c1c9e-0000-4000-8000-000000000001", slug: "acme", name: name),
            period: .init(label: "2026-10", start: "2026-09-30T22:00:00Z", end: "2026-10-31T23:00:00Z", timezone: "Europe/Berlin"),
            generatedAt: "2026-11-01T02:15:00Z", recipients: ["ops@acme.test"], files: files,
            summary: .init(availabilityPct: 99.87, slaTargetPct: 99.9, slaMet: met, devices: 42, outages: 7))
    }

    static func writeFile(_ content: String, in dir: URL, name: String) throws -> ReportFile {
        let url = dir.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        let digest = try ReportFile.digest(of: url)
        return ReportFile(format: url.pathExtension, path: url.path, bytes: digest.bytes, sha256: digest.sha256, mail: .attach)
    }

    /// The same mail in de-DE: the catalog's words (subject from `definition.sla-monthly`), German number,
    /// date and size forms (CLDR, written out here by hand), `lang="de-DE"`; the plain-text part too.
    @Test func composesTheMailInTheReportsLanguage() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeFile(String(repeating: "x", count: 1500), in: dir, name: "summary.csv")
        var n = Self.notification(files: [csv], name: "Müller GmbH")
        n.locale = "de-DE"
        let plan = try MailAttachmentPlan.load(files: n.files, limit: 1_000_000)
        let composer = MailComposer(template: try MailTemplate(directory: Self.templates), from: SMTPAddress("Reports <r@ninjait.test>")!,
                                    catalogs: try MessageCatalogs.load(templatesDirectory: Self.templates))
        let message = composer.compose(n, recipients: [SMTPAddress("ops@acme.test")!], plan: plan, messageID: n.runId)
        #expect(message.subject == "Monatliche Verfügbarkeit und SLA – Müller GmbH – 2026-10")
        for text in ["lang=\"de-DE\"", "99,87\u{00A0}%", "Ziel 99,90\u{00A0}%", "✗ verfehlt", "Das SLA wurde in diesem Zeitraum verfehlt.",
                     "01.10.2026 – 31.10.2026", "Verfügbarkeit", "Geräte", "Ausfälle", "Berichtsdateien", "angehängt",
                     "1 Datei(en) an diese E-Mail angehängt.", "Erstellt am 01.11.2026, 02:15 UTC", "1,5 kB"] {
            #expect(message.html.contains(text), "German HTML lacks \(text)")
        }
        for english in ["The SLA was", "Report files", "target ", "Generated "] {
            #expect(!message.html.contains(english), "German HTML still has \(english)")
        }
        #expect(message.text.contains("Verfügbarkeit: 99,87\u{00A0}% (Ziel 99,90\u{00A0}%)"), "\(message.text)")
        #expect(message.text.contains("Kunde: Müller GmbH"))
        #expect(message.text.contains("Zeitraum: 2026-10 (01.10.2026 – 31.10.2026, Europe/Berlin)"))
        #expect(message.text.contains("- summary.csv (CSV, 1,5 kB): angehängt"), "\(message.text)")

        // An unknown tag in the message is English, never a failed mail.
        n.locale = "xx-QQ-invalid!"
        let english = composer.compose(n, recipients: [SMTPAddress("ops@acme.test")!], plan: plan, messageID: n.runId)
        #expect(english.subject == "Monthly availability and SLA – Müller GmbH – 2026-10")
    }

    @Test func composesSubjectKPIsFilesAndEscapesTheTenant() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeFile("a,b\n1,2\n", in: dir, name: "summary.csv")
        let n = Self.notification(files: [csv])
        let plan = try MailAttachmentPlan.load(files: n.files, limit: 1000)
        let composer = MailComposer(template: try MailTemplate(directory: Self.templates), from: SMTPAddress("Reports <r@ninjait.test>")!)
        let message = composer.compose(n, recipients: [SMTPAddress("ops@acme.test")!], plan: plan, messageID: n.runId)

        #expect(message.subject == "Monthly availability and SLA – Acme <b>&</b> Söhne – 2026-10")
        #expect(message.messageID == "\(n.runId).report@ninjait.test")
        #expect(message.html.contains("Acme &lt;b&gt;&amp;&lt;/b&gt; Söhne"))
        #expect(!message.html.contains("<b>&</b>"))
        // en-US forms (CLDR): no space before %, month/day/year, 12-hour clock (ICU may use U+202F before AM).
        for text in ["99.87%", "target 99.90%", "✗ breached", "The SLA was breached", ">42<", ">7<", "10/01/2026 – 10/31/2026",
                     "Europe/Berlin", "summary.csv", "attached", "#b91c1c", "Generated 11/01/2026, 2:15", "AM UTC", "lang=\"en-US\""] {
            #expect(message.html.contains(text), "HTML lacks \(text)")
        }
        #expect(!message.html.contains("not attached"))
        #expect(!message.html.contains("<script"))
        #expect(message.text.contains("Availability: 99.87% (target 99.90%)"))
        #expect(message.text.contains("- summary.csv (CSV, 8 B): attached"))
        #expect(message.attachments.map(\.filename) == ["summary.csv"])
        #expect(message.attachments.first?.contentType == "text/csv; charset=utf-8")
        #expect(message.headers.contains { $0.name == "X-NinjaIT-Run-Id" && $0.value == n.runId })
    }

    @Test func attachmentPlanHonoursTheLimitMissingFilesAndChecksums() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Self.writeFile(String(repeating: "x", count: 600), in: dir, name: "a.csv")
        let b = try Self.writeFile(String(repeating: "y", count: 600), in: dir, name: "b.html")
        let gone = ReportFile(format: "xlsx", path: dir.appendingPathComponent("gone.xlsx").path, bytes: 10, sha256: String(repeating: "0", count: 64), mail: .attach)

        let all = try MailAttachmentPlan.load(files: [a, b, gone], limit: 1200)
        #expect(all.attachments.count == 2)
        #expect(!all.omittedForSize)
        #expect(all.entries.map(\.state) == [.attached, .attached, .missing])

        let over = try MailAttachmentPlan.load(files: [a, b, gone], limit: 1199)
        #expect(over.attachments.isEmpty)
        #expect(over.omittedForSize)
        #expect(over.totalBytes == 1200)
        #expect(over.entries.map(\.state) == [.stored, .stored, .missing])
        let context = MailContext(notification: Self.notification(files: [a, b, gone]), plan: over)
        let html = try MailTemplate(directory: Self.templates).render(context)
        #expect(html.contains("The files total 1.2 kB, more than the 1.2 kB limit for attachments, so they are not attached."))
        #expect(html.contains(a.path) && html.contains(b.path))
        #expect(html.contains("not found: \(gone.path)"))
        #expect(context.plainText.contains("so they are not attached"))
        #expect(context.plainText.contains(a.path))

        var tampered = a
        tampered.sha256 = String(repeating: "f", count: 64)
        let error = #expect(throws: ReportingError.self) { try MailAttachmentPlan.load(files: [tampered], limit: 10_000) }
        #expect(error?.code == .invalidInput)
        #expect(error?.description.contains("does not match") == true)
        var resized = a
        resized.bytes = 599
        #expect(throws: ReportingError.self) { try MailAttachmentPlan.load(files: [resized], limit: 10_000) }
    }

    @Test func decodesOnlyVersionOneMessages() throws {
        let good = try Self.notification().encoded()
        #expect((try? MailerDelivery.decode(good).get())?.tenant.slug == "acme")
        let cases: [(String, String)] = [
            ("not json", "not a JSON object"), ("[1,2]", "not a JSON object"),
            (#"{"schema":"ninjait.report.ready/v2","run_id":"x"}"#, "unknown schema 'ninjait.report.ready/v2'"),
            (#"{"run_id":"x"}"#, "unknown schema 'none'"),
            (#"{"schema":"ninjait.report.ready/v1","run_id":"x"}"#, "not a valid ninjait.report.ready/v1 message"),
        ]
        for (body, reason) in cases {
            guard case .failure(let failure) = MailerDelivery.decode(Data(body.utf8)) else {
                Issue.record("\(body) decoded")
                continue
            }
            #expect(failure.description.contains(reason), "\(body): \(failure)")
        }
    }

    @Test func formatsAndConfigures() throws {
        let en = MailContext(notification: Self.notification(), plan: try MailAttachmentPlan.load(files: [], limit: 1000))
        #expect(en.percent(99.953) == "99.953%")
        #expect(en.percent(99.9) == "99.90%")
        #expect(en.percent(100) == "100.00%")
        #expect(MailAttachmentPlan.size(999) == "999 B")
        #expect(MailAttachmentPlan.size(10_000_000) == "10.0 MB")
        #expect(Logfmt.line([("msg", "mailed"), ("tenant", "acme"), ("error", "a \"b\"=c\nd"), ("empty", "")])
                == #"msg=mailed tenant=acme error="a \"b\"=c\nd" empty="""#)

        var config = try Configuration.load(path: nil, environment: ["NINJAIT_MAIL_MAX_ATTACHMENT_BYTES": "2500000"])
        #expect(config.mailMaxAttachmentBytes == 2_500_000)
        #expect(MailerOptions(config: config).maxAttachmentBytes == 2_500_000)
        config = try Configuration.load(path: nil, environment: [:])
        #expect(config.mailMaxAttachmentBytes == 10_000_000)
        #expect(MailerOptions(config: config).queue == "ninjait.reports.mailer")
        #expect(MailerOptions(config: config).bindingKeys == ["report.ready.#", "report.failed.#"])
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(path: nil, environment: ["NINJAIT_MAIL_MAX_ATTACHMENT_BYTES": "ten megabytes"])
        }
        #expect(throws: ConfigurationError.self) { try MailTemplate(directory: URL(fileURLWithPath: "/nonexistent")) }
    }
}
