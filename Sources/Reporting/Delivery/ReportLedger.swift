import Connectors
import Foundation

/// `reporting.report_runs`: what ran and what succeeded (every query of that table is here); it queues the notification in `OutboxTable`.
///
/// A succeeded (definition, tenant, period) is recorded once (a unique index); `--force`
/// marks the old row `superseded`. The ledger update and the outbox row are written in
/// one transaction, so a report is never marked done without its notification queued.
public struct ReportLedger {
    let pg: PostgresClient

    public init(pg: PostgresClient) { self.pg = pg }

    /// A run being recorded.
    public struct Run: Sendable {
        public var id: UUID
        public var definition: String
        public var kind: String
        public var organizationID: String
        public var tenantSlug: String
        public var periodLabel: String
        public var periodStart: Date
        public var periodEnd: Date
        public var trigger: String

        public init(id: UUID = UUID(), definition: String, kind: String, organizationID: String, tenantSlug: String,
                    periodLabel: String, periodStart: Date, periodEnd: Date, trigger: String) {
            self.id = id
            self.definition = definition
            self.kind = kind
            self.organizationID = organizationID
            self.tenantSlug = tenantSlug
            self.periodLabel = periodLabel
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.trigger = trigger
        }
    }

    /// The id of the succeeded run of this (definition, tenant, period), if any.
    public func succeededRun(definition: String, organizationID: String, periodLabel: String) throws -> UUID? {
        let r = try pg.query("""
            SELECT id FROM reporting.report_runs
            WHERE definition = $1 AND organization_id = $2 AND period_label = $3 AND status = 'succeeded'
            """, [definition, organizationID, periodLabel], purpose: "ledger: look up a previous success")
        return r.count > 0 ? r.uuid(0, 0) : nil
    }

    /// Records the start of a run.
    ///
    /// Rows of the same (definition, tenant, period) still `running` were left by a process that
    /// died (the caller holds the lock that keeps live producers of this report apart): they
    /// become `abandoned`, so no row stays `running` forever and `runs` shows what happened.
    public func start(_ run: Run) throws {
        try pg.query("""
            UPDATE reporting.report_runs SET status = 'abandoned', finished_at = now(),
                   error = coalesce(error, 'abandoned: the process ended before the run finished; run ' || $4 || ' replaced it')
            WHERE definition = $1 AND organization_id = $2 AND period_label = $3 AND status = 'running'
            """, [run.definition, run.organizationID, run.periodLabel, run.id.uuidString.lowercased()], purpose: "ledger: mark abandoned runs")
        try pg.query("""
            INSERT INTO reporting.report_runs (id, definition, kind, organization_id, tenant_slug, period_label, period_start,
                                               period_end, status, trigger, host)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'running', $9, $10)
            """, [run.id, run.definition, run.kind, run.organizationID, run.tenantSlug, run.periodLabel, run.periodStart,
                  run.periodEnd, run.trigger, ProcessInfo.processInfo.hostName], purpose: "ledger: record run start")
    }

    /// Marks the run succeeded and queues its notification (when `notification` is given), in one transaction.
    ///
    /// The run's recipients are recorded from the tenant's `tenant_settings.recipients` as they are
    /// now (none without a settings row), and the queued notification carries exactly those: the
    /// mailer sends to the recorded ones only. Returns them.
    @discardableResult
    public func succeed(_ run: Run, outputDirectory: String, files: [ReportFile], timings: ReportTimings,
                        exchange: String, notification: ReportNotification?) throws -> [String] {
        let filesJSON = String(decoding: try JSONEncoder().encode(files), as: UTF8.self)
        var recipients: [String] = []
        try pg.transaction(purpose: "ledger: record success") {
            try pg.query("""
                UPDATE reporting.report_runs SET status = 'superseded'
                WHERE definition = $1 AND organization_id = $2 AND period_label = $3 AND status = 'succeeded' AND id <> $4
                """, [run.definition, run.organizationID, run.periodLabel, run.id], purpose: "ledger: supersede the previous success")
            let updated = try pg.query("""
                UPDATE reporting.report_runs SET status = 'succeeded', finished_at = now(), output_dir = $2, files = $3::jsonb,
                       fetch_ms = $4, compute_ms = $5, render_ms = $6, error = NULL,
                       recipients = coalesce((SELECT s.recipients FROM reporting.tenant_settings s
                                              WHERE s.organization_id = reporting.report_runs.organization_id), '{}')
                WHERE id = $1
                RETURNING recipients
                """, [run.id, outputDirectory, filesJSON, timings.fetch, timings.compute, timings.render], purpose: "ledger: record success")
            recipients = updated.count > 0 ? (updated.stringArray(0, 0) ?? []) : []
            if var notification {
                notification.recipients = recipients
                let body = String(decoding: try notification.encoded(), as: UTF8.self)
                try OutboxTable(pg: pg).queue(messageID: run.id, exchange: exchange, routingKey: notification.routingKey, body: body)
            }
        }
        return recipients
    }

    /// What the ledger recorded for run `id` (any status), or nil when there is no such run.
    ///
    /// The mailer checks every message against this record: only what the report's producer
    /// wrote here is trusted (tenant, period, files, recipients, status).
    public func recordedRun(id: UUID) throws -> RecordedRun? {
        let r = try pg.query("""
            SELECT id, status, definition, kind, organization_id, tenant_slug, period_label, output_dir, files::text, recipients, error
            FROM reporting.report_runs WHERE id = $1
            """, [id], purpose: "ledger: look up run \(id.uuidString.lowercased())")
        guard r.count > 0 else { return nil }
        let filesText = r.string(0, 8) ?? "[]"
        let files: [ReportFile]
        do {
            files = try JSONDecoder().decode([ReportFile].self, from: Data(filesText.utf8))
        } catch {
            throw ReportingError(.invalidInput, "the ledger's file list of run \(id.uuidString.lowercased()) does not decode", underlying: "\(error)")
        }
        return RecordedRun(id: r.uuid(0, 0) ?? id, status: r.string(0, 1) ?? "", definition: r.string(0, 2) ?? "", kind: r.string(0, 3) ?? "",
                           organizationID: r.string(0, 4) ?? "", tenantSlug: r.string(0, 5) ?? "", periodLabel: r.string(0, 6) ?? "",
                           outputDirectory: r.string(0, 7), files: files, recipients: r.stringArray(0, 9), error: r.string(0, 10))
    }

    /// Marks the run failed with a message (already free of secrets) and, when `notification` is
    /// given, queues that `report.failed` notification on `exchange`, in one transaction.
    ///
    /// The notification is queued only when the run's row exists (it was started), so the
    /// outbox row always belongs to a `failed` run; its `message_id` is the run's id.
    public func fail(_ run: Run, error: String, timings: ReportTimings, exchange: String? = nil,
                     notification: ReportFailureNotification? = nil) throws {
        let body = try notification.map { String(decoding: try $0.encoded(), as: UTF8.self) }
        try pg.transaction(purpose: "ledger: record failure") {
            let updated = try pg.query("""
                UPDATE reporting.report_runs SET status = 'failed', finished_at = now(), error = $2,
                       fetch_ms = $3, compute_ms = $4, render_ms = $5 WHERE id = $1
                """, [run.id, String(error.prefix(4000)), timings.fetch, timings.compute, timings.render], purpose: "ledger: record failure")
            if updated.affectedRows == 1, let notification, let body, let exchange {
                try OutboxTable(pg: pg).queue(messageID: run.id, exchange: exchange, routingKey: notification.routingKey, body: body,
                                              purpose: "outbox: queue the failure notification")
            }
        }
    }

    /// Marks runs left `running` by a killed process `abandoned` (called while holding the nightly lock).
    @discardableResult
    public func failAbandoned(olderThan seconds: Int) throws -> Int {
        try pg.query("""
            UPDATE reporting.report_runs SET status = 'abandoned', finished_at = now(), error = 'interrupted (process ended before the run finished)'
            WHERE status = 'running' AND started_at < now() - make_interval(secs => $1)
            """, [seconds], purpose: "ledger: fail abandoned runs").affectedRows
    }

    /// Marks the runs of one job started by `trigger` (the worker's: `worker`) and still
    /// `running` as `abandoned` ("interrupted"): for a caller holding that job's advisory lock, so no
    /// live process is on them.
    public func failInterrupted(_ job: ReportJobKey, trigger: String) throws {
        try pg.query("""
            UPDATE reporting.report_runs SET status = 'abandoned', finished_at = now(), error = $5
            WHERE definition = $1 AND organization_id = $2 AND period_label = $3 AND status = 'running' AND trigger = $4
            """, [job.definition, job.tenantID, job.periodLabel, trigger, "interrupted (the \(trigger) ended before the run finished)"],
            purpose: "\(trigger): fail runs of this job left by a killed \(trigger)")
    }

    /// One row of `runs`.
    public struct Entry: Sendable {
        public var id: String, definition: String, tenant: String, period: String, status: String
        public var startedAt: Date?, finishedAt: Date?, files: Int, error: String?
        /// When a day this run may have read was rolled up again after it (nil: never); `run --force` reissues it.
        public var newerRollupAt: Date? = nil
        /// Those UTC days (YYYY-MM-DD), in the order they were noted.
        public var newerRollupDays: [String] = []
    }

    /// History, newest first.
    public func list(tenantSlug: String?, since: Date?, limit: Int = 200) throws -> [Entry] {
        let r = try pg.query("""
            SELECT id, definition, tenant_slug, period_label, status, started_at, finished_at, jsonb_array_length(files), error,
                   newer_rollup_at, array_to_string(newer_rollup_days, ',')
            FROM reporting.report_runs
            WHERE ($1::text IS NULL OR tenant_slug = $1) AND ($2::timestamptz IS NULL OR started_at >= $2)
            ORDER BY started_at DESC LIMIT $3
            """, [tenantSlug, since, limit], purpose: "ledger: list runs")
        return (0..<r.count).map { i in
            Entry(id: r.string(i, 0) ?? "", definition: r.string(i, 1) ?? "", tenant: r.string(i, 2) ?? "", period: r.string(i, 3) ?? "",
                  status: r.string(i, 4) ?? "", startedAt: r.date(i, 5), finishedAt: r.date(i, 6), files: r.int(i, 7) ?? 0, error: r.string(i, 8),
                  newerRollupAt: r.date(i, 9), newerRollupDays: (r.string(i, 10) ?? "").split(separator: ",").map(String.init))
        }
    }
}
