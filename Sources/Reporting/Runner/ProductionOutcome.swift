/// What a `run` or a `nightly` did: the reports, the rollups before them and the outbox flush after them.
public struct ProductionOutcome: Sendable {
    /// One per planned job, in order.
    public var results: [ReportResult] = []
    /// Summary lines of the rollups done first (nightly).
    public var rollups: [String] = []
    /// Rollups that failed (nightly); the reports still ran.
    public var rollupErrors: [String] = []
    /// The outbox flush; nil when nothing was flushed (`publish` off, or `run` produced nothing new).
    public var outbox: OutboxPublisher.Outcome? = nil
    /// Why the metrics textfile could not be written (nil: written, or none configured).
    public var metricsError: String? = nil
    /// Wall seconds of the outbox flush (nil when nothing was flushed).
    public var publishSeconds: Double? = nil

    public init() {}

    /// 69 when every report failed because a server was unreachable; 1 when a report or a
    /// rollup failed, a notification stayed unpublished or the metrics could not be written; else 0.
    public var exitCode: Int32 {
        let failed = results.filter { $0.status == .failed }
        if !failed.isEmpty && failed.count == results.count && failed.allSatisfy(\.unavailable) { return ExitStatus.unavailable }
        if !failed.isEmpty || !rollupErrors.isEmpty || (outbox?.failed ?? 0) > 0 || metricsError != nil { return ExitStatus.someFailed }
        return ExitStatus.success
    }
}
