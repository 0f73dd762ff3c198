import Connectors
import Foundation

extension ReportLedger {
    /// The report kinds whose figures come from rolled-up history, by what changed: heartbeats feed `sla` and `inventory`, metric samples `performance` and `inventory`.
    public static func kindsReading(heartbeats: Bool, metrics: Bool) -> [String] {
        var kinds: [String] = []
        if heartbeats { kinds.append("sla") }
        if metrics { kinds.append("performance") }
        if heartbeats || metrics { kinds.append("inventory") }
        return kinds
    }

    /// Notes on every succeeded run of tenant `organizationID` and of `kinds` that may have read
    /// the hours [from, to) that UTC day `day` (YYYY-MM-DD) was rolled up again after it; returns how many.
    ///
    /// The files and the notification of those runs stay as they are; `runs` shows the note and
    /// `run --force` reissues the report (its new row has no note). A run reads its period and
    /// the hour on each side (the heartbeats around its edges); a `performance` run also reads the
    /// preceding period, taken here as long as its own plus 3 days (a longer month before a shorter one).
    @discardableResult
    public func noteNewerRollup(organizationID: String, day: String, from: Date, to: Date, kinds: [String]) throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        return try pg.query("""
            UPDATE reporting.report_runs SET newer_rollup_at = now(),
                   newer_rollup_days = CASE WHEN $2::date = ANY(newer_rollup_days) THEN newer_rollup_days
                                            ELSE array_append(coalesce(newer_rollup_days, '{}'::date[]), $2::date) END
            WHERE organization_id = $1 AND status = 'succeeded' AND kind = ANY($5::text[])
              AND period_end + interval '1 hour' > $3
              AND CASE WHEN kind = 'performance' THEN period_start - (period_end - period_start) - interval '3 days'
                       ELSE period_start - interval '1 hour' END < $4
            """, [organizationID, day, from, to, kinds], purpose: "ledger: note the newer rollup of \(day)").affectedRows
    }
}
