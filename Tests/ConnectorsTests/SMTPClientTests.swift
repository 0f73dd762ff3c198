import Foundation
import Testing
import TestSupport
@testable import Connectors

@Suite("SMTP client against a real SMTP server (aiosmtpd)")
struct SMTPClientTests {
    static func message(to: [String], subject: String = "Monthly SLA report", attachments: [SMTPAttachment] = []) -> SMTPMessage {
        SMTPMessage(from: SMTPAddress("NinjaIT Reports <reports@ninjait.test>")!, to: to.compactMap { SMTPAddress($0) },
                    subject: subject, html: "<html><body><h1>Availability 99.95 %</h1></body></html>",
                    text: "Availability 99.95 %", attachments: attachments,
                    messageID: "run-1234@ninjait.test", headers: [("Auto-Submitted", "auto-generated")])
    }

    /// SHA-256 by coreutils' `sha256sum`, independent of the code under test.
    static func sha256(_ data: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-digest-\(UUID().uuidString)")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    @Test func sendsHTMLTextAndTwoAttachmentsThatArriveIntact() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        var generator = SystemRandomNumberGenerator()
        let binary = Data((0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let csv = Data("device,availability\r\n\"Köln, Büro\",99.9\r\n.\r\n..starts with dots\r\n".utf8)
        let subject = "Verfügbarkeit – März 2026 ✓ " + String(repeating: "lange Betreffzeile ", count: 5)
        var message = Self.message(to: ["ops@client.test", "boss@client.test"], subject: subject, attachments: [
            SMTPAttachment(filename: "sla-monthly_acme_2026-03.xlsx", contentType: SMTPAttachment.contentType(forFileName: "x.xlsx"), data: binary),
            SMTPAttachment(filename: "/tmp/out/devices.csv", contentType: SMTPAttachment.contentType(forFileName: "devices.csv"), data: csv),
        ])
        message.html = "<html><body><p>" + String(repeating: "Zeile mit Umlauten äöü und = Zeichen. ", count: 40) + "</p></body></html>"

        let client = try SMTPClient(url: sink.url)
        let receipt = try client.send(message)
        #expect(Set(receipt.accepted) == ["ops@client.test", "boss@client.test"])
        #expect(receipt.refused.isEmpty)
        #expect(receipt.reply?.hasPrefix("250") == true)

        let mails = try sink.messages()
        try #require(mails.count == 1)
        let mail = mails[0]
        #expect(mail.mail_from == "reports@ninjait.test")
        #expect(Set(mail.rcpt_tos) == ["ops@client.test", "boss@client.test"])
        #expect(mail.subject == subject)
        #expect(mail.raw_subject.contains("=?UTF-8?B?"))
        #expect(mail.from == "NinjaIT Reports <reports@ninjait.test>")
        #expect(mail.to.contains("ops@client.test") && mail.to.contains("boss@client.test"))
        #expect(mail.message_id == "<run-1234@ninjait.test>")
        #expect(!mail.date.isEmpty)
        #expect(mail.headers["Auto-Submitted"] == "auto-generated")
        #expect(mail.content_type == "multipart/mixed")
        #expect(Array(mail.leaf_types.prefix(2)) == ["text/plain", "text/html"])
        #expect(mail.html == message.html || mail.html == message.html + "\n" || mail.html?.trimmingCharacters(in: .whitespacesAndNewlines) == message.html)
        #expect(mail.text?.contains("Availability 99.95 %") == true)
        #expect(mail.defects.isEmpty, "defects: \(mail.defects)")
        try #require(mail.attachments.count == 2)
        #expect(mail.attachments[0].filename == "sla-monthly_acme_2026-03.xlsx")
        #expect(mail.attachments[0].content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(mail.attachments[0].sha256 == (try Self.sha256(binary)))
        #expect(mail.attachments[1].filename == "devices.csv")
        #expect(mail.attachments[1].content_type == "text/csv")
        #expect(mail.attachments[1].sha256 == (try Self.sha256(csv)))
    }

    @Test func reusesOneClientForSeveralMessages() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let client = try SMTPClient(url: sink.url)
        for i in 0..<3 { try client.send(Self.message(to: ["r\(i)@client.test"])) }
        let mails = try sink.messages()
        #expect(mails.map(\.rcpt_tos) == [["r0@client.test"], ["r1@client.test"], ["r2@client.test"]])
    }

    @Test func refusingServerIsARejectionNamingTheServerWithoutThePassword() throws {
        let sink = try SMTPSink(mode: "reject-rcpt")
        defer { sink.stop() }
        let client = try SMTPClient(url: "smtp://mailer:Sup3r-Secret-PW@127.0.0.1:\(sink.port)")
        let error = try #require(TestServers.error { try client.send(Self.message(to: ["ops@client.test"]), purpose: "mail sla-monthly for acme") })
        #expect(error.code == .rejected)
        #expect(!error.isTransient)
        #expect(error.description.contains("127.0.0.1:\(sink.port)"))
        #expect(error.description.contains("mail sla-monthly for acme"))
        #expect(error.description.contains("550"), "\(error)")
        #expect(!error.description.contains("Sup3r-Secret-PW"))
        #expect(try sink.messages().isEmpty)
    }

    @Test func oneRefusedRecipientDoesNotStopTheOthers() throws {
        let sink = try SMTPSink(reject: ["gone@client.test"])
        defer { sink.stop() }
        let receipt = try SMTPClient(url: sink.url).send(Self.message(to: ["ops@client.test", "gone@client.test"]))
        #expect(receipt.accepted == ["ops@client.test"])
        #expect(receipt.refused["gone@client.test"]?.hasPrefix("550") == true)
        #expect(try sink.messages().map(\.rcpt_tos) == [["ops@client.test"]])
    }

    @Test func temporaryFailureAndDroppedConnectionAreTransient() throws {
        for mode in ["tempfail", "drop"] {
            let sink = try SMTPSink(mode: mode)
            defer { sink.stop() }
            let error = try #require(TestServers.error { try SMTPClient(url: sink.url).send(Self.message(to: ["ops@client.test"])) })
            #expect(error.isTransient, "\(mode): \(error)")
            #expect(error.description.contains("127.0.0.1:\(sink.port)"))
        }
        let sink = try SMTPSink(mode: "reject-data")
        defer { sink.stop() }
        let error = try #require(TestServers.error { try SMTPClient(url: sink.url).send(Self.message(to: ["ops@client.test"])) })
        #expect(error.code == .rejected)
        #expect(error.description.contains("554"), "\(error)")
    }

    @Test func authenticatesWithTheURLCredentials() throws {
        let sink = try SMTPSink(auth: "mailer:Right-Pass-123")
        defer { sink.stop() }
        try SMTPClient(url: "smtp://mailer:Right-Pass-123@127.0.0.1:\(sink.port)").send(Self.message(to: ["ops@client.test"]))
        #expect(try sink.messages().count == 1)
        let error = try #require(TestServers.error {
            try SMTPClient(url: "smtp://mailer:Wrong-Pass-456@127.0.0.1:\(sink.port)").send(Self.message(to: ["ops@client.test"]))
        })
        #expect(error.code == .badConfiguration, "\(error)")
        #expect(!error.description.contains("Wrong-Pass-456"))
        #expect(try sink.messages().count == 1)
    }

    @Test func unreachableServerAndRequiredSTARTTLSFailClearly() throws {
        let closed = try #require(TestServers.error { try SMTPClient(url: "smtp://u:Hidden-PW@127.0.0.1:1").send(Self.message(to: ["a@b.test"])) })
        #expect(closed.code == .unavailable)
        #expect(closed.description.hasPrefix("smtp smtp://u@127.0.0.1:1"))
        #expect(!closed.description.contains("Hidden-PW"))

        let sink = try SMTPSink()
        defer { sink.stop() }
        let tls = try #require(TestServers.error { try SMTPClient(url: sink.url + "?starttls=required").send(Self.message(to: ["a@b.test"])) })
        #expect(tls.code == .badConfiguration, "\(tls)")
        #expect(try sink.messages().isEmpty)

        #expect(throws: ConnectorError.self) { try SMTPClient(url: "http://127.0.0.1:25") }
        #expect(throws: ConnectorError.self) { try SMTPClient(url: sink.url + "?starttls=maybe") }
    }

    @Test func headerInjectionIsNeutralised() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        var message = Self.message(to: ["ops@client.test"], subject: "Report\r\nBcc: evil@attacker.test")
        message.attachments = [SMTPAttachment(filename: "a\"b\r\n.csv", contentType: "text/csv\r\nX-Evil: 1", data: Data("x".utf8))]
        try SMTPClient(url: sink.url).send(message)
        let mail = try #require(try sink.messages().first)
        #expect(mail.rcpt_tos == ["ops@client.test"])
        #expect(mail.subject.contains("Bcc: evil@attacker.test"))
        #expect(mail.headers["X-Evil"] == nil)
        #expect(mail.attachments.first?.filename == "ab.csv")
    }

    @Test func addressesAndEncodedWords() {
        #expect(SMTPAddress("ops@client.test")?.address == "ops@client.test")
        #expect(SMTPAddress(" Ops Team <ops@client.test> ")?.displayName == "Ops Team")
        #expect(SMTPAddress("Müller, Jörg <j@client.test>")?.headerValue.hasPrefix("=?UTF-8?B?") == true)
        #expect(SMTPAddress("Smith, J <j@client.test>")?.headerValue == "\"Smith, J\" <j@client.test>")
        for bad in ["", "nobody", "a@", "@b", "a b@c.test", "a@b.test>\r\nRCPT TO:<x@y>", "a@@b", "ü@b.test", "a@b.test,c@d.test"] {
            #expect(SMTPAddress(bad) == nil, "\(bad)")
        }
        let words = SMTPHeader.encodedWords(String(repeating: "äöü€𝄞", count: 30))
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 })
        let decoded = words.map { Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))! }.reduce(Data(), +)
        #expect(String(decoding: decoded, as: UTF8.self) == String(repeating: "äöü€𝄞", count: 30))
        #expect(SMTPHeader.date(Date(timeIntervalSince1970: 1_793_499_300)) == "Sun, 01 Nov 2026 02:15:00 +0000")
    }
}
