import Connectors
import Foundation
import Testing
@testable import Reporting

// The same helper as Tests/ConnectorsTests/SMTPTestSupport.swift (test targets cannot share files).

/// A real SMTP server on loopback (`Tests/mailer/smtp_sink.py`, aiosmtpd) and what it received.
///
/// Starting it without python3 or aiosmtpd fails the test with the reason (never a skip).
/// `stop()` (or deinit) sends SIGTERM to the one process this object started.
final class SMTPSink {
    let directory: URL
    let port: Int
    private let process: Process
    private let base: URL

    static var script: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("mailer/smtp_sink.py")
    }

    /// Starts the sink; `mode`: accept, reject-rcpt, reject-data, tempfail, drop.
    init(mode: String = "accept", reject: [String] = [], auth: String? = nil) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        directory = base.appendingPathComponent("mail")
        let portFile = base.appendingPathComponent("port")
        let errFile = base.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", SMTPSink.script.path, "serve", "--dir", directory.path, "--port-file", portFile.path, "--mode", mode]
        for address in reject { arguments += ["--reject", address] }
        if let auth { arguments += ["--auth", auth] }
        process.arguments = arguments
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var found: Int?
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) { found = value; break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            let reason = "the SMTP test server (python3 \(SMTPSink.script.path)) did not start; it needs python3 and aiosmtpd "
                + "(python3 -m pip install -r scripts/requirements-test.txt): \(err)"
            Issue.record(Comment(rawValue: reason))
            throw SinkError(reason)
        }
        port = found
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: base)
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// SIGTERM to the sink, SIGKILL to the same pid if it has not gone after 5 s.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Every message received so far, parsed by Python's `email` package.
    func messages() throws -> [ReceivedMail] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        let inspector = Process()
        inspector.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        inspector.arguments = ["python3", SMTPSink.script.path, "inspect", directory.path]
        let out = Pipe()
        inspector.standardOutput = out
        try inspector.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        inspector.waitUntilExit()
        guard inspector.terminationStatus == 0 else { throw SinkError("smtp_sink.py inspect failed (\(inspector.terminationStatus))") }
        return try JSONDecoder().decode([ReceivedMail].self, from: data)
    }
}

struct SinkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One received e-mail as `smtp_sink.py inspect` describes it.
struct ReceivedMail: Decodable {
    struct Attachment: Decodable {
        let filename: String?
        let content_type: String
        let bytes: Int
        let sha256: String
    }

    let mail_from: String?
    let rcpt_tos: [String]
    let subject: String
    let raw_subject: String
    let from: String
    let to: String
    let date: String
    let message_id: String
    let content_type: String
    let leaf_types: [String]
    let html: String?
    let text: String?
    let attachments: [Attachment]
    let defects: [String]
    let headers: [String: String]
}

/// Throw-away topology, report files and `reporting.mail_log` rows for one mailer test.
final class MailerFixture {
    let exchange: String
    let queue: String
    let directory: URL
    let config: Configuration
    private(set) var messageIDs: [UUID] = []
    let logs = LogLines()

    /// Declares this test's exchange and queue (with `queueArguments`, e.g. a dead-letter exchange) as an operator would.
    init(queueArguments: [String: AMQPFieldValue] = [:]) throws {
        config = try TestEnvironment.configuration()
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased()
        exchange = "mailer_test_x_\(suffix)"
        queue = "mailer_test_q_\(suffix)"
        directory = try TestEnvironment.temporaryDirectory()
        let connection = try MailerFixture.connect(config)
        defer { connection.close() }
        try connection.declareExchange(exchange, type: "topic", durable: true)
        try connection.declareQueue(queue, durable: true, arguments: queueArguments)
        try connection.bindQueue(queue, exchange: exchange, bindingKey: MailerOptions.defaultBindingKey)
    }

    static func connect(_ config: Configuration) throws -> AMQPConnection {
        do {
            return try AMQPConnection(url: config.amqpURL)
        } catch {
            Issue.record("RabbitMQ is not reachable (run scripts/services up, source .local/env): \(error)")
            throw error
        }
    }

    /// Mailer options for this fixture's queue and exchange, the repository's templates, fast retries.
    func options(smtp: String, maxAttachmentBytes: Int = 10_000_000) -> MailerOptions {
        var options = MailerOptions(config: config)
        options.exchange = exchange
        options.queue = queue
        options.smtpURL = smtp
        options.from = "NinjaIT Reports <reports@ninjait.test>"
        options.templatesDirectory = TestEnvironment.repoRoot.appendingPathComponent("templates")
        options.maxAttachmentBytes = maxAttachmentBytes
        options.retryDelay = 0.05
        options.idleTimeout = 1.5
        return options
    }

    func mailer(smtp: String, maxAttachmentBytes: Int = 10_000_000, configure: (inout MailerOptions) -> Void = { _ in }) -> Mailer {
        var options = options(smtp: smtp, maxAttachmentBytes: maxAttachmentBytes)
        configure(&options)
        let logs = logs
        return Mailer(options: options, log: { logs.append($0) })
    }

    /// Writes `files` (name, content) under a tenant folder and returns a v1 notification for them.
    func report(tenant slug: String, name: String, recipients: [String], files: [(String, Data)],
                availability: Double? = 99.953, target: Double? = 99.9, met: Bool? = true) throws -> ReportNotification {
        let folder = directory.appendingPathComponent(slug)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var reportFiles: [ReportFile] = []
        for (fileName, data) in files {
            let url = folder.appendingPathComponent(fileName)
            try data.write(to: url)
            let digest = try ReportFile.digest(of: url)
            let format = fileName.hasSuffix(".csv.gz") ? "csv.gz" : url.pathExtension
            reportFiles.append(ReportFile(format: format, path: url.path, bytes: digest.bytes, sha256: digest.sha256))
        }
        let id = UUID()
        messageIDs.append(id)
        return ReportNotification(
            runId: id.uuidString.lowercased(), definition: "sla-monthly", kind: "sla", title: "Monthly availability and SLA",
            tenant: .init(id: UUID().uuidString.lowercased(), slug: slug, name: name),
            period: .init(label: "2026-10", start: "2026-09-30T22:00:00Z", end: "2026-10-31T23:00:00Z", timezone: "Europe/Berlin"),
            generatedAt: "2026-11-01T02:15:00Z", recipients: recipients, files: reportFiles,
            summary: .init(availabilityPct: availability, slaTargetPct: target, slaMet: met, devices: 42, outages: 3))
    }

    /// Publishes `notification` (or a raw `body`) to the fixture's exchange with confirms.
    func publish(_ notification: ReportNotification? = nil, body: Data? = nil, messageID: String? = nil,
                 routingKey: String = "report.ready.test.sla-monthly") throws {
        let publisher = try AMQPPublisher(url: config.amqpURL)
        defer { publisher.connection.close() }
        let data = try body ?? notification?.encoded() ?? Data()
        try publisher.publish(AMQPOutgoingMessage(
            exchange: exchange, routingKey: notification?.routingKey ?? routingKey, body: data,
            messageId: messageID ?? notification?.runId, contentType: "application/json", persistent: true, mandatory: true))
    }

    /// Messages ready in the queue (none may be held by a consumer when this is asked).
    func queueDepth() throws -> Int {
        let connection = try MailerFixture.connect(config)
        defer { connection.close() }
        return try connection.queueInfo(queue).messageCount
    }

    /// `reporting.mail_log` rows of this fixture's messages: id → (recipients, attachments).
    func mailLog() throws -> [String: (recipients: [String], attachments: Int)] {
        let pg = try PostgresClient(url: config.postgresURL)
        let rows = try pg.query("SELECT message_id, recipients, attachments, run_id FROM reporting.mail_log WHERE message_id = ANY($1::uuid[])",
                                [messageIDs.map { $0.uuidString.lowercased() }], purpose: "test: mail_log")
        var result: [String: (recipients: [String], attachments: Int)] = [:]
        for i in 0..<rows.count {
            result[rows.string(i, 0) ?? ""] = (rows.stringArray(i, 1) ?? [], rows.int(i, 2) ?? -1)
        }
        return result
    }

    /// Deletes the queue, the exchange, the files and this fixture's mail_log rows.
    func cleanUp() {
        if let connection = try? AMQPConnection(url: config.amqpURL) {
            _ = try? connection.deleteQueue(queue)
            _ = try? connection.deleteExchange(exchange)
            connection.close()
        }
        if let pg = try? PostgresClient(url: config.postgresURL) {
            _ = try? pg.query("DELETE FROM reporting.mail_log WHERE message_id = ANY($1::uuid[])",
                              [messageIDs.map { $0.uuidString.lowercased() }], purpose: "test: clean mail_log")
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Log lines collected from a `Mailer` (its log closure may be called from its thread only, but must be Sendable).
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ line: String) {
        lock.lock()
        storage.append(line)
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
