import Rendering

/// Kind-specific knobs of a definition (`options:`), with the documented defaults.
public struct ReportOptions: Sendable, Equatable {
    /// Overrides the tenant's `sla_target_pct` when set.
    public var slaTargetPercent: Double? = nil
    /// Outages shorter than this are dropped (counted as up), seconds.
    public var outageMinSeconds: Int64 = 180
    /// Heartbeat grace, seconds (default 3 x the 60 s interval).
    public var graceSeconds: Int64 = 180
    /// Points per downsampled chart series.
    public var chartPoints: Int = 400
    /// Devices shown in the HTML (the full tables are in XLSX and CSV).
    public var topN: Int = 10
    /// gzip CSV tables with more rows than this (0 = never).
    public var gzipCSVOverRows: Int = 100_000
    /// The PDF ends with the full tables (its body shows the top N, like the HTML).
    public var pdfAppendix = true

    // Service calendars (sla and inventory kinds).
    /// `service_calendar`: a name in `reporting.service_calendars` or `24x7`; nil = the tenant's default (else 24x7).
    public var serviceCalendar: String? = nil
    /// `max_outages`: the outage-count objective, at most N counted outages per device (nil = none).
    public var maxOutages: Int? = nil
    // MARK: mail_attach
    /// The formats the e-mail attaches (`mail_attach`); the other files are stored and listed with their size.
    public var mailAttach: [OutputFormat] = [.pdf, .xlsx]
    // Language.
    /// The report's language and formats; overrides the tenant's `tenant_settings.locale` when set.
    public var locale: ReportLocale? = nil
    /// CSV files start with a UTF-8 byte order mark (for Excel on Windows); off by default.
    public var csvBOM = false

    public init() {}
}
