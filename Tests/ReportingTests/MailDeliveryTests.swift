import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import Reporting

/// A real report, as `run` produces it, mailed by the real mailer: the headline chart inline, only the `mail_attach` formats attached.
@Suite("Mail delivery: headline chart and mail_attach, end to end", .serialized)
struct MailDeliveryTests {
    /// Python's reading of a PNG: width, height, and whether its IDAT stream inflates to exactly height x (1 + width x channels) bytes.
    static func pythonPNG(_ data: Data) throws -> (width: Int, height: Int, decodes: Bool) {
        let file = try TestEnvironment.temporaryDirectory().appendingPathComponent("chart.png")
        try data.write(to: file)
        let script = """
            import struct, sys, zlib
            b = open(sys.argv[1], 'rb').read()
            assert b[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            i, idat, ihdr = 8, b'', None
            while i < len(b):
                n, = struct.unpack('>I', b[i:i+4]); kind = b[i+4:i+8]; body = b[i+8:i+8+n]
                if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                i += 12 + n
            w, h, depth, color = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
            raw = zlib.decompress(idat)
            print(w, h, int(depth == 8 and len(raw) == h * (1 + w * channels)))
            """
        let out = try TestEnvironment.spawn("/usr/bin/env", ["python3", "-c", script, file.path], environment: ProcessInfo.processInfo.environment)
        let parts = out.stdout.split(separator: " ").map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
        guard parts.count == 3 else { throw ReportingError(.io, "python could not read the PNG: \(out.stdout)\(out.stderr)") }
        return (parts[0], parts[1], parts[2] == 1)
    }

    @Test func aProducedReportIsMailedWithItsChartInlineAndOnlyTheMailAttachFormatsAttached() throws {
        let fleet = try FleetFixture.shared.get()
        let tenant = fleet.tenants[0]
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let exchange = "test.mail.\(suffix)", queue = "test.mail.q.\(suffix)"
        let connection = try AMQPConnection(url: fleet.config.amqpURL)
        defer { _ = try? connection.deleteQueue(queue); try? connection.deleteExchange(exchange); connection.close() }
        try NotificationTopology.declare(on: connection, exchange: exchange, queue: queue)

        let reports = try TestEnvironment.temporaryDirectory()
        try """
            name: mail-attach-test
            title: Daily availability (mail test)
            kind: sla
            schedule: daily
            period: previous-day
            formats: [html, pdf, xlsx, csv]
            options: { mail_attach: [xlsx, csv] }
            """.write(to: reports.appendingPathComponent("mail-attach-test.yaml"), atomically: true, encoding: .utf8)
        let out = try TestEnvironment.temporaryDirectory()
        let env = ["NINJAIT_OUT_DIR": out.path, "NINJAIT_EXCHANGE": exchange, "NINJAIT_REPORTS_DIR": reports.path,
                   "NINJAIT_TEMPLATES_DIR": TestEnvironment.repoRoot.appendingPathComponent("templates").path]
        let run = try TestEnvironment.run(["run", "mail-attach-test", "--tenant", tenant.slug, "--period", "2026-10-27", "--force"], environment: env)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")

        // The manifest lists the chart and what the mail does with every file; the ledger recorded the same.
        let folder = out.appendingPathComponent("\(tenant.slug)/mail-attach-test/2026-10-27")
        struct Manifest: Decodable { let run_id: String; let files: [ReportFile] }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
        let chart = try #require(manifest.files.first { $0.path.hasSuffix("/mail-chart.png") })
        // The chart and the mail are in the tenant's language (the seeder gives tenants locales by position).
        let language = String((tenant.localeID ?? "en-US").prefix(2))
        let (title, chartLine) = try #require([
            "en": ("Daily availability", "Chart: Daily availability"), "de": ("Tägliche Verfügbarkeit", "Diagramm: Tägliche Verfügbarkeit"),
            "fr": ("Disponibilité quotidienne", "Graphique : Disponibilité quotidienne"),
        ][language], "a language this test knows: \(language)")
        #expect(chart.format == "png" && chart.mail == .inline && chart.caption == title, "\(String(describing: chart.caption))")
        for file in manifest.files where file.format != "png" {
            let expected: ReportFile.MailUse = ["xlsx", "csv", "csv.gz"].contains(file.format) ? .attach : .list
            #expect(file.mail == expected, "\(file.path): \(String(describing: file.mail))")
        }
        #expect(Set(manifest.files.map(\.format)).isSuperset(of: ["html", "pdf", "xlsx", "csv", "png"]))
        let runID = try #require(UUID(uuidString: manifest.run_id))
        let recorded = try #require(try ReportLedger(pg: try fleet.servers.postgres()).recordedRun(id: runID))
        #expect(recorded.files == manifest.files)
        #expect(recorded.recipients == tenant.recipients && !tenant.recipients.isEmpty)
        let png = try Self.pythonPNG(try Data(contentsOf: URL(fileURLWithPath: chart.path)))
        #expect(png.width == 1120 && png.height == 480 && png.decodes, "\(png)")

        // The mailer sends it: text first, then HTML + PNG in multipart/related inside multipart/alternative.
        let sink = try SMTPSink()
        defer { sink.stop() }
        let mailer = try TestEnvironment.run(["mailer", "--once", "--queue", queue],
                                             environment: env.merging(["NINJAIT_SMTP_URL": sink.url, "NINJAIT_SMTP_FROM": "reports@ninjait.test"]) { $1 })
        #expect(mailer.status == 0, "\(mailer.stdout)\(mailer.stderr)")
        let mails = try sink.messages()
        try #require(mails.count == 1, "\(mailer.stdout)")
        let mail = mails[0]
        #expect(Set(mail.rcpt_tos) == Set(tenant.recipients))
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        let structure = try #require(mail.structure)
        #expect(structure.hasPrefix("multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png))"), "\(structure)")
        let inline = try #require(mail.inline?.first)
        #expect(mail.inline?.count == 1)
        #expect(inline.parent == "multipart/related<multipart/alternative<multipart/mixed")
        #expect(inline.content_type == "image/png" && inline.disposition == "inline")
        #expect(inline.png_size == [1120, 480])
        #expect(inline.sha256 == chart.sha256 && inline.bytes == chart.bytes)
        let html = try #require(mail.html)
        #expect(html.contains("<img src=\"cid:\(inline.content_id)\" width=\"560\" height=\"240\" alt=\"\(title) – "), "\(html)")
        // Only xlsx and the CSV tables are attached; the PDF, HTML and PNG are listed with their size.
        let attachable = manifest.files.filter { $0.mail == .attach }
        #expect(Set(mail.attachments.compactMap(\.filename)) == Set(attachable.map { ($0.path as NSString).lastPathComponent }))
        #expect(!mail.attachments.contains { ($0.filename ?? "").hasSuffix(".pdf") || ($0.filename ?? "").hasSuffix(".html") || ($0.filename ?? "").hasSuffix(".png") })
        for file in manifest.files where file.mail == .list {
            #expect(html.contains(file.path), "the body lists \(file.path)")
        }
        #expect(mail.text?.contains(chartLine) == true, "\(mail.text ?? "")")
    }

    @Test func mailAttachIsValidatedWithFileAndLine() throws {
        let loader = DefinitionLoader(directory: TestEnvironment.repoRoot.appendingPathComponent("reports").path,
                                      templatesDirectory: TestEnvironment.repoRoot.appendingPathComponent("templates").path)
        let text = "name: x\ntitle: X\nkind: sla\nschedule: daily\nperiod: previous-day\nformats: [csv]\noptions:\n  mail_attach: [pdf, docx]\n"
        let error = #expect(throws: ConfigurationError.self) { try loader.parse(text, file: "reports/x.yaml") }
        #expect(error?.line == 8, "\(String(describing: error))")
        #expect(error?.description.contains("reports/x.yaml:8: mail_attach: unknown format 'docx'") == true, "\(String(describing: error))")
        #expect(ExitStatus.code(for: try #require(error)) == 64)
        let parsed = try loader.parse(text.replacingOccurrences(of: "[pdf, docx]", with: "[CSV, csv, html]"), file: "reports/x.yaml")
        #expect(parsed.options.mailAttach == [.csv, .html])
        #expect(try loader.parse(text.replacingOccurrences(of: "\noptions:\n  mail_attach: [pdf, docx]", with: ""), file: "r.yaml").options.mailAttach == [.pdf, .xlsx])
    }

    @Test func theMailerQueueIsBoundToFailureNotificationsToo() throws {
        let config = try TestEnvironment.configuration()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let exchange = "test.bind.\(suffix)", queue = "test.bind.q.\(suffix)"
        let connection = try AMQPConnection(url: config.amqpURL)
        defer { _ = try? connection.deleteQueue(queue); try? connection.deleteExchange(exchange); connection.close() }
        try NotificationTopology.declare(on: connection, exchange: exchange, queue: queue)
        let publisher = try AMQPPublisher(url: config.amqpURL)
        defer { publisher.connection.close() }
        for key in ["report.failed.acme.sla-monthly", "report.ready.acme.sla-monthly"] {
            try publisher.publish(AMQPOutgoingMessage(exchange: exchange, routingKey: key, body: Data("{}".utf8), messageId: UUID().uuidString,
                                                      contentType: "application/json", persistent: true, mandatory: true))
        }
        #expect(try connection.queueInfo(queue).messageCount == 2)
    }
}
