/// A libxlsxwriter status as an error value (code and `lxw_strerror` text).
public struct XLSXStatus: Error, Sendable, CustomStringConvertible {
    public let code: Int
    public let text: String
    public var description: String { "lxw_error \(code): \(text)" }
}
