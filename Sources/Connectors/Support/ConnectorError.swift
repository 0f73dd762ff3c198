/// The error every connector throws: which server, what we were doing, and why.
///
/// `server` is a redacted endpoint (never a password); `purpose` names the query's job
/// ("sla heartbeats for tenant acme"), so an operator can tell what failed without a debugger.
public struct ConnectorError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; the CLI maps these to exit codes.
    public enum Code: String, Sendable {
        /// The server could not be reached, or it went away (exit 69 when nothing else can run).
        case unavailable
        /// The server answered with an error for this query (HTTP status, SQL error, exception).
        case serverError
        /// The server did not answer in time.
        case timeout
        /// The response was cut short or could not be parsed.
        case protocolError
        /// A configuration value (URL, credential file) is unusable.
        case badConfiguration
        /// The broker refused or returned a message.
        case rejected
    }

    public let code: Code
    public let server: String
    public let purpose: String
    public let message: String
    public let underlying: String?

    public init(_ code: Code, server: String, purpose: String, message: String, underlying: String? = nil) {
        self.code = code
        self.server = server
        self.purpose = purpose
        self.message = message
        self.underlying = underlying
    }

    /// Whether a retry with backoff may succeed (transient network or server load).
    public var isTransient: Bool {
        switch code {
        case .unavailable, .timeout: return true
        default: return false
        }
    }

    public var description: String {
        var text = "\(server): \(purpose): \(message)"
        if let underlying, !underlying.isEmpty { text += " (\(underlying))" }
        return text
    }
}
