import Connectors

/// The exit codes every command documents, and the mapping from errors to them.
///
/// 0 all done; 1 some reports failed (the others were written and published); 64 usage or
/// configuration error; 69 a server unavailable; 75 another run holds the lock.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Some reports failed; the others were written and published.
    public static let someFailed: Int32 = 1
    /// Usage or configuration error.
    public static let usage: Int32 = 64
    /// A server is unavailable.
    public static let unavailable: Int32 = 69
    /// Another run holds the lock.
    public static let locked: Int32 = 75

    /// The exit code for an error that ended a command.
    public static func code(for error: Error) -> Int32 {
        switch error {
        case is ConfigurationError: return usage
        case let error as ConnectorError:
            switch error.code {
            case .unavailable, .timeout: return unavailable
            case .badConfiguration: return usage
            default: return someFailed
            }
        case let error as ReportingError: return error.exitCode
        default: return someFailed
        }
    }
}
