import Foundation

/// A server URL split into parts, with a redacted form that is safe to log.
public struct Endpoint: Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    public let user: String?
    public let password: String?
    public let path: String
    public let query: [URLQueryItem]

    /// Parses `url`; `kind` ("postgres", "influxdb", ...) names the setting in the error.
    public init(_ url: String, kind: String) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              let host = components.host, !host.isEmpty else {
            throw ConnectorError(.badConfiguration, server: kind, purpose: "configuration",
                                 message: "not a valid URL: \(Endpoint.redact(url))")
        }
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = components.port
        self.user = components.user?.removingPercentEncoding ?? components.user
        self.password = components.password?.removingPercentEncoding ?? components.password
        self.path = components.path
        self.query = components.queryItems ?? []
    }

    /// `scheme://host:port/path` without user or password: what errors and logs show.
    public var redacted: String {
        var text = "\(scheme)://"
        if let user { text += "\(user)@" }
        text += host.contains(":") ? "[\(host)]" : host
        if let port { text += ":\(port)" }
        text += path
        return text
    }

    public var description: String { redacted }

    /// Base URL for HTTP requests (`scheme://host:port`) without credentials.
    public var httpBase: String {
        var text = "\(scheme)://" + (host.contains(":") ? "[\(host)]" : host)
        if let port { text += ":\(port)" }
        return text
    }

    /// Removes any `user:password@` part from a URL-looking string.
    public static func redact(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return text }
        let userInfo = authority[..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return String(text[..<schemeEnd.upperBound]) + user + "@" + String(rest[rest.index(after: at)...])
    }
}
