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
