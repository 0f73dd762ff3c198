import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

/// What the mail attaches is what the ledger recorded per file (`mail_attach` at production), not the message.
@Suite("mailer: mail_attach and the inline chart", .serialized)
struct MailerAttachTests {
    /// A 2x3 RGB PNG written by Python's zlib (an independent encoder), so the mailer's reading of its size is checked.
    static func pythonPNG(width: Int, height: Int) throws -> Data {
        let dir = try TestEnvironment.temporaryDirectory()
        let file = dir.appendingPathComponent("p.png")
        let script = """
            import struct, sys, zlib
            w, h = int(sys.argv[2]), int(sys.argv[3])
            def chunk(k, b): return struct.pack('>I', len(b)) + k + b + struct.pack('>I', zlib.crc32(k + b) & 0xffffffff)
            raw = b''.join(b'\\x00' + b'\\xff\\x00\\x00' * w for _ in range(h))
            png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
            open(sys.argv[1], 'wb').write(png)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file.path, "\(width)", "\(height)"]
        try p.run()
        p.waitUntilExit()
        return try Data(contentsOf: file)
    }

    @Test func onlyTheRecordedAttachFilesAreAttachedAndTheChartIsInline() throws {
        let fixture = try MailerFixture()
        defer { fixture.cleanUp() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let png = try Self.pythonPNG(width: 400, height: 160)
        let n = try fixture.report(tenant: "acme", name: "Acme", recipients: ["ops@acme.test"],
                                   files: [("r.pdf", Data("%PDF x".utf8)), ("r.xlsx", Data("PK xlsx".utf8)), ("r.html", Data("<html>".utf8)),
                                           ("devices.csv", Data("id\n1\n".utf8)), ("mail-chart.png", png)],
                                   uses: ["r.html": .list, "devices.csv": .list], captions: ["mail-chart.png": "Daily <availability>"])
        // The message claims every file is attached: the ledger's record decides, not the message.
        var claim = n
        for i in claim.files.indices { claim.files[i].mail = .attach }
        try fixture.publish(claim)
        let outcome = try fixture.mailer(smtp: sink.url).run(once: true)
        #expect(outcome.mailed == 1, "\(outcome) \(fixture.logs.lines)")
        let mail = try #require(try sink.messages().first)
        #expect(mail.attachments.map(\.filename) == ["r.pdf", "r.xlsx"])
        let html = try #require(mail.html)
        for file in n.files where ["r.html", "devices.csv", "mail-chart.png"].contains((file.path as NSString).lastPathComponent) {
            #expect(html.contains(file.path), "lists \(file.path)")
            #expect(html.contains(MailAttachmentPlan.size(file.bytes)))
        }
        let inline = try #require(mail.inline?.first)
        #expect(inline.png_size == [400, 160])
        #expect(html.contains("<img src=\"cid:\(inline.content_id)\" width=\"200\" height=\"80\" alt=\"Daily &lt;availability&gt; – Acme, 2026-10\""), "\(html)")
        #expect(mail.structure?.hasPrefix("multipart/mixed(multipart/alternative(text/plain,multipart/related(text/html,image/png))") == true,
                "\(String(describing: mail.structure))")
        #expect(mail.text?.contains("- r.html (HTML, 6 B): \(n.files[2].path)") == true, "\(mail.text ?? "")")
        #expect(try fixture.mailLog()[n.runId]?.attachments == 2)
    }

    @Test func mailUsesFollowMailAttach() {
        let files = ["a.pdf": "pdf", "a.xlsx": "xlsx", "t.csv.gz": "csv.gz", "u.csv": "csv", "a.html": "html", "mail-chart.png": "png"]
            .map { ReportFile(format: $0.value, path: "/r/\($0.key)", bytes: 1, sha256: "0") }
        let uses = Dictionary(uniqueKeysWithValues: MailChart.mailUses(files, attach: [.csv, .pdf], caption: "Daily").map { (($0.path as NSString).lastPathComponent, $0.mail) })
        #expect(uses == ["a.pdf": .attach, "a.xlsx": .list, "t.csv.gz": .attach, "u.csv": .attach, "a.html": .list, "mail-chart.png": .inline])
        #expect(MailChart.mailUses(files, attach: [], caption: nil).allSatisfy { $0.mail != .attach })
        // Runs recorded before mail_attach: pdf and xlsx attached, the rest listed.
        #expect(files.filter { $0.mailUse == .attach }.map(\.format).sorted() == ["pdf", "xlsx"])
    }
}
