/// Wall time per phase of one report (milliseconds), and the rows it read.
///
/// The kinds fill in fetch and compute, the runner render; the ledger stores the three
/// phases, the logfmt line prints all four.
public struct ReportTimings: Sendable {
    public var fetch = 0, compute = 0, render = 0
    /// Rows (or InfluxDB points/series rows) read from ClickHouse and InfluxDB; not stored in the ledger.
    public var rows = 0
    public init() {}
}
