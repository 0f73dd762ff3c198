import Analytics
import Connectors
import Foundation
import Rendering

/// Produces reports: per job, ledger start → fetch → compute → render into a temp folder →
/// publish the folder → ledger success + outbox row (one transaction); a failure is recorded
/// and the next job goes on. Callers go through `ReportProduction`. Not thread-safe; one
/// runner per thread (it owns one PostgreSQL connection).
final class ReportRunner {
    let config: Configuration
    let servers: Servers
    let pg: PostgresClient
    let ledger: ReportLedger
    let directory: TenantDirectory

    init(config: Configuration) throws {
        self.config = config
        servers = Servers(config: config)
        pg = try servers.postgres()
        ledger = ReportLedger(pg: pg)
        directory = TenantDirectory(pg: pg)
    }

    /// Publishes pending notifications (see `OutboxPublisher`).
    func flushOutbox() throws -> OutboxPublisher.Outcome {
        try OutboxPublisher(pg: pg, amqpURL: config.amqpURL).flush()
    }

    /// Runs every job; `progress(done, total, label)` before each and `finished(result)` after.
    func run(_ jobs: [ReportJob], options: RunOptions, progress: (Int, Int, String) -> Void = { _, _, _ in },
                    finished: (ReportResult) -> Void = { _ in }) -> [ReportResult] {
        var results: [ReportResult] = []
        for (i, job) in jobs.enumerated() {
            progress(i, jobs.count, "\(job.tenant.slug) \(job.definition.name) \(job.period.label)")
            let result = runOne(job, options: options)
            finished(result)
            results.append(result)
        }
        progress(jobs.count, jobs.count, "done")
        return results
    }

    /// Produces one job: skipped when it already succeeded (unless `force`), else recorded in the ledger as it goes.
    func runOne(_ job: ReportJob, options: RunOptions) -> ReportResult {
        let started = Date()
        var result = ReportResult(definition: job.definition.name, tenant: job.tenant.slug, period: job.period.label, status: .failed)
        defer { result.milliseconds = Int(Date().timeIntervalSince(started) * 1000) }
        do {
            if !options.force, let previous = try ledger.succeededRun(definition: job.definition.name, organizationID: job.tenant.id,
                                                                      periodLabel: job.period.label) {
                result.status = .skipped
                result.runID = previous
                result.milliseconds = Int(Date().timeIntervalSince(started) * 1000)
                return result
            }
        } catch {
            result.error = "\(error)"
            result.unavailable = ExitStatus.code(for: error) == ExitStatus.unavailable
            return result
        }
        let run = ReportLedger.Run(definition: job.definition.name, kind: job.definition.kind.rawValue, organizationID: job.tenant.id,
                                   tenantSlug: job.tenant.slug, periodLabel: job.period.label, periodStart: job.period.start,
                                   periodEnd: job.period.end, trigger: options.trigger)
        result.runID = run.id
        var timings = ReportTimings()
        do {
            try ledger.start(run)
            let produced = try produce(job, run: run, options: options, timings: &timings)
            result.files = produced.files
            result.outputDirectory = produced.directory
            try ledger.succeed(run, outputDirectory: produced.directory, files: produced.files, timings: timings,
                               exchange: config.exchange, notification: options.publish ? produced.notification : nil)
            result.status = .succeeded
            result.timings = timings
        } catch {
            recordFailure(error, of: job, run: run, options: options, timings: timings, into: &result)
        }
        result.milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        return result
    }

    /// Records a failed job in the ledger and, when `options` say so, queues its `report.failed`
    /// notification in the same transaction. A ledger that cannot record it is reported with
    /// the report's own error (the row stays `running` until the next run marks it abandoned).
    func recordFailure(_ error: Error, of job: ReportJob, run: ReportLedger.Run, options: RunOptions, timings: ReportTimings,
                       into result: inout ReportResult) {
        let scrubber = SecretScrubber(config: config)
        let message = scrubber.scrub("\(error)")
        result.status = .failed
        result.error = message
        result.timings = timings
        result.unavailable = ExitStatus.code(for: error) == ExitStatus.unavailable
        let notification = options.publish && options.notifyFailure
            ? ReportFailureNotification(job: job, runID: run.id, attempts: options.attempt, failedAt: Date(),
                                        error: FailureCause.of(error, scrubber: scrubber))
            : nil
        do {
            try ledger.fail(run, error: message, timings: timings, exchange: config.exchange, notification: notification)
            result.failureQueued = notification != nil
        } catch let ledgerError {
            result.error = "\(message); and the ledger could not record the failure: \(scrubber.scrub("\(ledgerError)"))"
            result.unavailable = result.unavailable || ExitStatus.code(for: ledgerError) == ExitStatus.unavailable
        }
    }

    struct Produced {
        var files: [ReportFile]
        var directory: String
        var notification: ReportNotification
    }

    func produce(_ job: ReportJob, run: ReportLedger.Run, options: RunOptions, timings: inout ReportTimings) throws -> Produced {
        let fetchStart = Date()
        let devices = try directory.devices(of: job.tenant, createdBefore: job.period.end)
        let history = TieredHistory(clickhouse: try servers.clickhouse(), influx: try servers.influx(), tier: options.tier)
        timings.fetch += Int(Date().timeIntervalSince(fetchStart) * 1000)
        var context = ReportContext(definition: job.definition, tenant: job.tenant, period: job.period, devices: devices,
                                    directory: directory, history: history, now: options.now, generatedAt: options.now)
        let built: BuiltReport
        switch job.definition.kind {
        case .sla: built = try SLAReport.build(&context)
        case .performance: built = try PerformanceReport.build(&context)
        case .alerts: built = try AlertsReport.build(&context)
        case .inventory: built = try InventoryReport.build(&context)
        }
        timings.fetch += context.timings.fetch
        timings.compute += context.timings.compute
        timings.rows += context.history.rowsRead

        let renderStart = Date()
        let output = try OutputDirectory(root: options.outDirectory, tenantSlug: job.tenant.slug, definition: job.definition.name,
                                         periodLabel: job.period.label, runID: run.id, modes: config.fileModes)
        var csv = CSVOptions()
        let gzipOver = job.definition.options.gzipCSVOverRows
        csv.compression = gzipOver > 0 ? .largerThan(rows: gzipOver) : .never
        csv.byteOrderMark = job.definition.options.csvBOM
        let renderer = try ReportRenderer(templatesDirectory: URL(fileURLWithPath: config.templatesDirectory), csv: csv,
                                          html: HTMLOptions(maxChartPoints: job.definition.options.chartPoints),
                                          pdf: PDFOptions(paper: built.document.locale.usesLetterPaper ? .letter : .a4, appendix: job.definition.options.pdfAppendix, maxChartPoints: job.definition.options.chartPoints))
        let formats = Set(options.formats ?? job.definition.formats)
        let rendered = try renderer.render(built.document, formats: formats, to: output.temporaryURL)
        // The e-mail's headline chart (in the report's language) and what the mail does with each file.
        let chartCaption = try MailChart.write(built.document, words: renderer.pdf.catalogs.localization(for: built.document.locale),
                                               maxPoints: job.definition.options.chartPoints, to: output.temporaryURL)
        var names: [(name: String, format: String)] = rendered.map { ($0.url.lastPathComponent, ReportRunner.formatName($0.url)) }
        if chartCaption != nil { names.append((MailChart.fileName, MailChart.format)) }
        let attach = job.definition.options.mailAttach
        let generatedAt = ISOTimestamp.string(options.now)
        var notification = ReportNotification(
            runId: run.id.uuidString.lowercased(), definition: job.definition.name, kind: job.definition.kind.rawValue,
            title: job.definition.title,
            tenant: .init(id: job.tenant.id, slug: job.tenant.slug, name: job.tenant.name),
            period: .init(label: job.period.label, start: ISOTimestamp.string(job.period.start), end: ISOTimestamp.string(job.period.end),
                          timezone: job.tenant.timeZoneName),
            generatedAt: generatedAt, recipients: job.tenant.recipients, files: [], summary: built.summary,
            locale: built.document.locale.identifier)
        let files = MailChart.mailUses(try output.publish(files: names) { files in
            try ReportRunner.manifest(notification: notification, files: MailChart.mailUses(files, attach: attach, caption: chartCaption))
        }, attach: attach, caption: chartCaption)
        notification.files = files
        timings.render += Int(Date().timeIntervalSince(renderStart) * 1000)
        return Produced(files: files, directory: output.finalURL.path, notification: notification)
    }

    static func formatName(_ url: URL) -> String {
        let name = url.lastPathComponent
        if name.hasSuffix(".csv.gz") { return "csv.gz" }
        return url.pathExtension
    }

    /// `manifest.json`: files, bytes, sha256, run id, generator version.
    static func manifest(notification: ReportNotification, files: [ReportFile]) throws -> Data {
        struct Manifest: Encodable {
            var runId: String, definition: String, kind: String, tenant: ReportNotification.Tenant, period: ReportNotification.Period
            var generatedAt: String, generator: String, files: [ReportFile]
            enum CodingKeys: String, CodingKey {
                case runId = "run_id", definition, kind, tenant, period, generatedAt = "generated_at", generator, files
            }
        }
        let manifest = Manifest(runId: notification.runId, definition: notification.definition, kind: notification.kind,
                                tenant: notification.tenant, period: notification.period, generatedAt: notification.generatedAt,
                                generator: "ninjait-reports \(ReportingVersion.current)", files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(manifest)
    }
}
