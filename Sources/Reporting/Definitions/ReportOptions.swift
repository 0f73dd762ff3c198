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

    // Language.
    /// The report's language and formats; overrides the tenant's `tenant_settings.locale` when set.
    public var locale: ReportLocale? = nil
    /// CSV files start with a UTF-8 byte order mark (for Excel on Windows); off by default.
    public var csvBOM = false

    public init() {}
}
