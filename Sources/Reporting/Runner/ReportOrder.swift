import Analytics

/// One report planned elsewhere (a work-queue job), by reference, for `ReportProduction.produce(_:options:started:)`.
///
/// The tenant is looked up again when it is produced: by `tenantSlug` first, then by
/// `tenantID` (a renamed tenant is still found; the id decides). The period keeps its local
/// days and is read in the tenant's zone of that moment.
public struct ReportOrder: Sendable {
    public var definition: ReportDefinition
    public var tenantID: String
    /// The tenant's slug when the job was planned.
    public var tenantSlug: String
    public var period: ReportPeriod

    public init(definition: ReportDefinition, tenantID: String, tenantSlug: String, period: ReportPeriod) {
        self.definition = definition
        self.tenantID = tenantID
        self.tenantSlug = tenantSlug
        self.period = period
    }

    public var key: ReportJobKey { ReportJobKey(definition: definition.name, tenantID: tenantID, periodLabel: period.label) }

    /// What producing one order came to.
    public struct Outcome: Sendable {
        public enum Status: Sendable {
            /// Succeeded, or skipped because it had succeeded before.
            case produced
            /// Failed (a server, the disk, a lost connection): worth another attempt.
            case failed
            /// Can never run: the tenant no longer exists.
            case invalid
            /// Another process holds the job's lock (it is being produced right now).
            case busy
        }

        public var status: Status
        public var result: ReportResult
        /// The outbox flush after a produced report (nil when it did not get that far or the flush failed).
        public var outbox: OutboxPublisher.Outcome? = nil
        /// Why that flush failed.
        public var outboxError: String? = nil
    }
}
