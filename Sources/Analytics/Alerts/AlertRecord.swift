import Foundation

/// One alert as stored in PostgreSQL `alerts` (the fields the statistics need).
///
/// Times are whole epoch seconds. An alert with `isResolved` but no `resolvedAt` counts as
/// resolved at an unknown time: not open, and not part of time-to-resolve.
public struct AlertRecord: Sendable, Hashable {
    /// The device the alert is about.
    public var deviceID: String
    /// `alert_type` (e.g. `cpu_high`).
    public var type: String
    /// `severity` (e.g. `critical`, `warning`, `info`).
    public var severity: String
    /// `triggered_at`.
    public var triggeredAt: Int64
    /// `resolved_at`, nil while open.
    public var resolvedAt: Int64?
    /// `is_resolved`.
    public var isResolved: Bool

    /// Creates a record; `isResolved` defaults to `resolvedAt != nil`.
    public init(deviceID: String, type: String, severity: String, triggeredAt: Int64, resolvedAt: Int64?,
                isResolved: Bool? = nil) {
        self.deviceID = deviceID
        self.type = type
        self.severity = severity
        self.triggeredAt = triggeredAt
        self.resolvedAt = resolvedAt
        self.isResolved = isResolved ?? (resolvedAt != nil)
    }

    /// True when the alert was triggered before `t` and not resolved before `t`.
    public func isOpen(at t: Int64) -> Bool {
        guard triggeredAt < t else { return false }
        if let r = resolvedAt { return r >= t }
        return !isResolved
    }

    /// Seconds from trigger to resolution, if resolved at a known time.
    public var secondsToResolve: Int64? { resolvedAt.map { $0 - triggeredAt } }
}
