import Crypto
import Foundation

/// What makes two report jobs the same: the definition's name, the tenant's id and the period's label.
///
/// `description` is `definition|tenant-id|period-label`; planning keeps one job per key, the
/// ledger records one success per key, and a work-queue job derives its message id from it.
/// `lockKey` is the PostgreSQL advisory lock a worker holds while it produces the job.
public struct ReportJobKey: Sendable, Hashable, CustomStringConvertible {
    public var definition: String
    public var tenantID: String
    public var periodLabel: String

    public init(definition: String, tenantID: String, periodLabel: String) {
        self.definition = definition
        self.tenantID = tenantID
        self.periodLabel = periodLabel
    }

    public var description: String { "\(definition)|\(tenantID)|\(periodLabel)" }

    /// The first 8 bytes of SHA-256 of `ninjait.report.job|<key>`, big-endian.
    public var lockKey: Int64 {
        let digest = Array(SHA256.hash(data: Data("ninjait.report.job|\(description)".utf8)))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }
}
