import Foundation

/// What happened to one job.
public struct ReportResult: Sendable {
    public enum Status: String, Sendable { case succeeded, skipped, failed }
    public var definition: String
    public var tenant: String
    public var period: String
    public var status: Status
    public var runID: UUID?
    public var files: [ReportFile] = []
    public var error: String? = nil
    /// The failure came from an unreachable server (for exit 69 when nothing else ran).
    public var unavailable = false
    /// A failed report whose `report.failed` notification was queued in the outbox with its ledger row.
    public var failureQueued = false
    public var milliseconds = 0
    public var outputDirectory: String? = nil
    /// Phase timings and rows read (zero for a skipped run).
    public var timings = ReportTimings()

    init(definition: String, tenant: String, period: String, status: Status) {
        self.definition = definition
        self.tenant = tenant
        self.period = period
        self.status = status
    }

    /// A job that could not be started at all (its definition or tenant is gone): failed, with `error`.
    public static func rejected(definition: String, tenant: String, period: String, error: String) -> ReportResult {
        var result = ReportResult(definition: definition, tenant: tenant, period: period, status: .failed)
        result.error = error
        return result
    }

    /// A logfmt line for logs and non-TTY output.
    public var logLine: String {
        var fields = ["level=\(status == .failed ? "error" : "info")", "msg=report", "definition=\(definition)", "tenant=\(tenant)",
                      "period=\(period)", "status=\(status.rawValue)", "duration_ms=\(milliseconds)", "files=\(files.count)"]
        if status == .succeeded {
            fields += ["fetch_ms=\(timings.fetch)", "compute_ms=\(timings.compute)", "render_ms=\(timings.render)", "rows=\(timings.rows)"]
        }
        if let runID { fields.append("run_id=\(runID.uuidString.lowercased())") }
        if let outputDirectory { fields.append("dir=\(Logfmt.quote(outputDirectory))") }
        if let error { fields.append("error=\(Logfmt.quote(error))") }
        return fields.joined(separator: " ")
    }
}
