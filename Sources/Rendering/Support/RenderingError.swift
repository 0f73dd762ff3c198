import Foundation

/// The one error type of the Rendering module: a stable code, a human message and the cause.
///
/// `code` is meant for programs (retry, alerting); `message` is written for an operator and
/// names the file or the table involved; `underlying` keeps the original error (a POSIX error,
/// a libxlsxwriter status, a Mustache parser error) when there is one.
public struct RenderingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, in categories a caller can act on.
    public enum Code: String, Sendable {
        /// The model is not renderable (bad time zone, duplicate table name, row width mismatch).
        case invalidDocument = "invalid_document"
        /// A file could not be created, written, flushed or closed (disk full: ENOSPC).
        case io
        /// zlib failed (gzip of a CSV, re-packing an XLSX's styles); the message carries zlib's own text.
        case compression
        /// libxlsxwriter returned an error; the message carries `lxw_strerror`.
        case xlsx
        /// A Mustache template is missing or does not parse.
        case template
        /// A row source threw while being read.
        case rowSource = "row_source"
        /// cairo or pango failed while drawing a PDF or PNG; the message carries `cairo_status_to_string`.
        case cairo
        /// No usable font is installed for PDF/PNG text (Debian: fonts-noto-core, fonts-dejavu-core).
        case font
    }

    public let code: Code
    public let message: String
    public let underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(code.rawValue): \(message) (\(underlying))" }
        return "\(code.rawValue): \(message)"
    }

    /// An `.io` error for the current `errno`, e.g. "writing /x/devices.csv: No space left on device".
    static func posix(_ action: String, path: String, errno code: Int32 = errno) -> RenderingError {
        let reason = String(cString: strerror(code))
        let posix = POSIXErrorCode(rawValue: code).map { POSIXError($0) }
        return RenderingError(.io, "\(action) \(path): \(reason)", underlying: posix)
    }
}
