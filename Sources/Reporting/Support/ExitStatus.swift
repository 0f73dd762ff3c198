import Connectors

/// The documented exit codes (DESIGN.md section 5) and the mapping from errors to them.
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

/// Errors of the Reporting layer that are not configuration or connector errors.
public struct ReportingError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case locked, failedReports, missingSchema, invalidInput, io
    }

    public let code: Code
    public let message: String
    public let underlying: String?

    public init(_ code: Code, _ message: String, underlying: String? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var exitCode: Int32 {
        switch code {
        case .locked: return ExitStatus.locked
        case .invalidInput: return ExitStatus.usage
        default: return ExitStatus.someFailed
        }
    }

    public var description: String {
        underlying.map { "\(message) (\($0))" } ?? message
    }
}
