import Foundation

/// The project's one ISO 8601 instant format: `2026-10-01T00:00:00Z` (UTC, whole seconds).
///
/// Used in notifications, the ledger's listings, job messages and report notes alike, so that
/// every instant the program writes reads the same.
public enum ISOTimestamp {
    /// `date` as `YYYY-MM-DDThh:mm:ssZ`.
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
