import Analytics
import Connectors
import Foundation
import Rendering

/// An error that can say which server (or step) failed, for what purpose, and why.
///
/// `report.failed` notifications are built from it. `failureMessage` may still hold a URL with
/// credentials from a lower layer; `FailureCause` scrubs it before it leaves the process.
public protocol FailureDescribing: Error {
    /// "clickhouse", "influxdb", "postgresql", "rabbitmq", "smtp", "render", "filesystem", "configuration", "reporting".
    var failureServer: String { get }
    /// The query's or step's purpose ("heartbeat rollups of tenant acme").
    var failurePurpose: String { get }
    /// What went wrong, for a human.
    var failureMessage: String { get }
}

extension ConnectorError: FailureDescribing {
    /// The kind of server: the first word of `server` ("clickhouse http://…" → "clickhouse"; "postgres" → "postgresql").
    public var failureServer: String {
        let kind = server.split(separator: " ").first.map(String.init) ?? server
        switch kind {
        case "postgres": return "postgresql"
        case "amqp": return "rabbitmq"
        default: return kind.isEmpty ? "unknown" : kind
        }
    }

    public var failurePurpose: String { purpose }

    /// The message, the underlying cause, and the server's redacted endpoint when `server` names one.
    public var failureMessage: String {
        var text = message
        if let underlying, !underlying.isEmpty { text += " (\(underlying))" }
        let parts = server.split(separator: " ", maxSplits: 1)
        if parts.count == 2 { text += " [\(parts[1])]" }
        return text
    }
}

extension RenderingError: FailureDescribing {
    public var failureServer: String { code == .io ? "filesystem" : "render" }
    public var failurePurpose: String { "render the report (\(code.rawValue))" }
    public var failureMessage: String { underlying.map { "\(message) (\($0))" } ?? message }
}

extension ReportingError: FailureDescribing {
    public var failureServer: String {
        switch code {
        case .io: return "filesystem"
        case .invalidInput: return "configuration"
        default: return "reporting"
        }
    }

    public var failurePurpose: String {
        switch code {
        case .io: return "write the report"
        case .invalidInput: return "check the input"
        case .locked: return "take the run lock"
        case .missingSchema: return "check the schema"
        case .failedReports: return "produce the reports"
        }
    }

    public var failureMessage: String { description }
}

extension ConfigurationError: FailureDescribing {
    public var failureServer: String { "configuration" }
    public var failurePurpose: String { "read \(file)" }
    public var failureMessage: String { description }
}

extension AnalyticsError: FailureDescribing {
    public var failureServer: String { "analytics" }
    public var failurePurpose: String { "compute the report (\(code.rawValue))" }
    public var failureMessage: String { message }
}

/// Turns any error into the `error` part of `report.failed/v1`: server, purpose, and a message without secrets.
///
/// Errors that are not `FailureDescribing` become server "reporting", purpose "produce the
/// report". Every text goes through `scrubber`, so neither a password of the configuration
/// nor the user-info part of any URL can reach a notification.
public enum FailureCause {
    /// Messages longer than this are cut (the ledger keeps 4000 characters).
    static let maxMessage = 2000

    public static func of(_ error: Error, scrubber: SecretScrubber) -> ReportFailureNotification.Failure {
        let described = error as? FailureDescribing
        let server = described?.failureServer ?? "reporting"
        let purpose = described?.failurePurpose ?? "produce the report"
        let message = described?.failureMessage ?? "\(error)"
        return ReportFailureNotification.Failure(server: scrubber.scrub(server), purpose: scrubber.scrub(purpose),
                                                 message: String(scrubber.scrub(message).prefix(maxMessage)))
    }
}
