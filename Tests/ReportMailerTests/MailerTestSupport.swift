import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

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
        try connection.bindQueue(queue, exchange: exchange, bindingKey: NotificationTopology.mailerBindingKey)
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
