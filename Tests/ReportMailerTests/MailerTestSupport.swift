import Connectors
import Foundation
import Testing
import TestSupport
import ReportingTestSupport
@testable import ReportMailer
@testable import Reporting

/// Throw-away topology, tenants, ledger runs, report files and `reporting.mail_log` rows for one mailer test.
///
/// Each report is produced as the runner records one: a tenant (`organizations` +
/// `tenant_settings.recipients`), a run started and succeeded through `ReportLedger`, its files in
/// `<directory>/<slug>/<definition>/<period>/`, and the notification the ledger would queue.
final class MailerFixture {
    let exchange: String
    let queue: String
    let directory: URL
    let config: Configuration
    let suffix: String
    private(set) var messageIDs: [UUID] = []
    private(set) var organizationIDs: [String: String] = [:]
    let logs = LogLines()

    /// Declares this test's exchange and queue (with `queueArguments`, e.g. a dead-letter exchange) as an operator would.
    init(queueArguments: [String: AMQPFieldValue] = [:]) throws {
        config = try TestEnvironment.configuration()
        suffix = String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(10).lowercased())
        exchange = "mailer_test_x_\(suffix)"
        queue = "mailer_test_q_\(suffix)"
        directory = try TestEnvironment.temporaryDirectory()
        let connection = try MailerFixture.connect(config)
        defer { connection.close() }
        try connection.declareExchange(exchange, type: "topic", durable: true)
        try connection.declareQueue(queue, durable: true, arguments: queueArguments)
        for key in NotificationTopology.mailerBindingKeys { try connection.bindQueue(queue, exchange: exchange, bindingKey: key) }
    }

    func postgres() throws -> PostgresClient { try PostgresClient(url: config.postgresURL) }

    /// The tenant `mt-<slug>-<suffix>` (created once per fixture) with `recipients` in its settings; its organization id.
    func tenant(_ slug: String, name: String, recipients: [String]) throws -> (id: String, slug: String) {
        let full = "mt-\(slug)-\(suffix)"
        let pg = try postgres()
        let id = organizationIDs[full] ?? UUID().uuidString.lowercased()
        if organizationIDs[full] == nil {
            try pg.query("INSERT INTO organizations (id, name, slug) VALUES ($1::uuid, $2, $3)", [id, name, full], purpose: "test: tenant")
            organizationIDs[full] = id
        }
        try pg.query("""
            INSERT INTO reporting.tenant_settings (organization_id, timezone, recipients) VALUES ($1::uuid, 'Europe/Berlin', $2::text[])
            ON CONFLICT (organization_id) DO UPDATE SET recipients = EXCLUDED.recipients
            """, [id, recipients], purpose: "test: tenant settings")
        return (id, full)
    }

    /// Writes `files` (name, content, what the mail does with it) into the report folder of a new
    /// run of tenant `slug`, records the run as succeeded through `ReportLedger` (recipients from
    /// `tenant_settings`), and returns the notification the ledger queues for it.
    func report(tenant slug: String, name: String, recipients: [String], files: [(String, Data)],
                availability: Double? = 99.953, target: Double? = 99.9, met: Bool? = true,
                mail: ReportFile.MailUse? = .attach, uses: [String: ReportFile.MailUse] = [:], captions: [String: String] = [:],
                links: [(String, String)] = []) throws -> ReportNotification {
        let tenant = try tenant(slug, name: name, recipients: recipients)
        let folder = directory.appendingPathComponent(tenant.slug).appendingPathComponent("sla-monthly").appendingPathComponent("2026-10")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var reportFiles: [ReportFile] = []
        for (fileName, data) in files {
            let url = folder.appendingPathComponent(fileName)
            try data.write(to: url)
            reportFiles.append(try Self.entry(url, mail: uses[fileName] ?? (fileName.hasSuffix(".png") ? .inline : mail), caption: captions[fileName]))
        }
        for (fileName, target) in links {
            let url = folder.appendingPathComponent(fileName)
            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            reportFiles.append(try Self.entry(url, mail: mail, caption: nil))
        }
        let id = UUID()
        messageIDs.append(id)
        let start = ISO8601DateFormatter().date(from: "2026-09-30T22:00:00Z")!, end = ISO8601DateFormatter().date(from: "2026-10-31T23:00:00Z")!
        let run = ReportLedger.Run(id: id, definition: "sla-monthly", kind: "sla", organizationID: tenant.id, tenantSlug: tenant.slug,
                                   periodLabel: "2026-10", periodStart: start, periodEnd: end, trigger: "test")
        let ledger = ReportLedger(pg: try postgres())
        try ledger.start(run)
        let recorded = try ledger.succeed(run, outputDirectory: folder.path, files: reportFiles, timings: ReportTimings(),
                                          exchange: exchange, notification: nil)
        return ReportNotification(
            runId: id.uuidString.lowercased(), definition: "sla-monthly", kind: "sla", title: "Monthly availability and SLA",
            tenant: .init(id: tenant.id, slug: tenant.slug, name: name),
            period: .init(label: "2026-10", start: "2026-09-30T22:00:00Z", end: "2026-10-31T23:00:00Z", timezone: "Europe/Berlin"),
            generatedAt: "2026-11-01T02:15:00Z", recipients: recorded, files: reportFiles,
            summary: .init(availabilityPct: availability, slaTargetPct: target, slaMet: met, devices: 42, outages: 3))
    }

    static func entry(_ url: URL, mail: ReportFile.MailUse?, caption: String?) throws -> ReportFile {
        let digest = try ReportFile.digest(of: url)
        let name = url.lastPathComponent
        let format = name.hasSuffix(".csv.gz") ? "csv.gz" : url.pathExtension
        return ReportFile(format: format, path: url.path, bytes: digest.bytes, sha256: digest.sha256, mail: mail, caption: caption)
    }

    /// A run of tenant `slug` recorded as failed (as the runner records a report that failed), and its failure notification.
    func failedRun(tenant slug: String, name: String, recipients: [String], error: ReportFailureNotification.Failure) throws -> ReportFailureNotification {
        let tenant = try tenant(slug, name: name, recipients: recipients)
        let id = UUID()
        messageIDs.append(id)
        let start = ISO8601DateFormatter().date(from: "2026-09-30T22:00:00Z")!, end = ISO8601DateFormatter().date(from: "2026-10-31T23:00:00Z")!
        let run = ReportLedger.Run(id: id, definition: "sla-monthly", kind: "sla", organizationID: tenant.id, tenantSlug: tenant.slug,
                                   periodLabel: "2026-10", periodStart: start, periodEnd: end, trigger: "test")
        let ledger = ReportLedger(pg: try postgres())
        try ledger.start(run)
        try ledger.fail(run, error: error.message, timings: ReportTimings())
        return ReportFailureNotification(
            runId: id.uuidString.lowercased(), definition: "sla-monthly", kind: "sla", title: "Monthly availability and SLA",
            tenant: .init(id: tenant.id, slug: tenant.slug, name: name),
            period: .init(label: "2026-10", start: "2026-09-30T22:00:00Z", end: "2026-10-31T23:00:00Z", timezone: "Europe/Berlin"),
            failedAt: "2026-11-01T02:16:00Z", attempts: 3, error: error)
    }

    /// Publishes a failure notification with its routing key (`report.failed.<slug>.<definition>`).
    func publish(failure: ReportFailureNotification, messageID: String? = nil) throws {
        try publish(body: try failure.encoded(), messageID: messageID ?? failure.runId, routingKey: failure.routingKey)
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
        options.opsRecipients = []
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

    /// Deletes the queue, the exchange, the files, this fixture's tenants (and their runs) and mail_log rows.
    func cleanUp() {
        if let connection = try? AMQPConnection(url: config.amqpURL) {
            _ = try? connection.deleteQueue(queue)
            _ = try? connection.deleteExchange(exchange)
            connection.close()
        }
        if let pg = try? PostgresClient(url: config.postgresURL) {
            _ = try? pg.query("DELETE FROM reporting.mail_log WHERE message_id = ANY($1::uuid[])",
                              [messageIDs.map { $0.uuidString.lowercased() }], purpose: "test: clean mail_log")
            // Cascades to tenant_settings, report_runs and their outbox rows.
            _ = try? pg.query("DELETE FROM organizations WHERE id = ANY($1::uuid[])", [Array(organizationIDs.values)],
                              purpose: "test: clean tenants")
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
