import Foundation

/// Settings of an AMQP connection beyond its URL; the defaults suit the nightly batch.
///
/// rabbitmq-c services heartbeats only while a call into the connection is running (a
/// publish, a confirm wait, `next(timeout:)`): a caller that does not touch the connection for
/// more than two heartbeat intervals is disconnected by the broker, and its next call fails
/// with `.unavailable`. Timeouts are in seconds.
public struct AMQPConnectionOptions: Sendable {
    /// Heartbeat interval requested from the broker; 0 turns heartbeats off.
    public var heartbeat: Int
    /// Limit for the TCP (and TLS) connect, and again for the login handshake.
    public var connectTimeout: Double
    /// Limit for every synchronous method (declare, bind, qos, consume, get, close); rabbitmq-c
    /// closes the connection when it expires, so later calls fail with `.unavailable`.
    public var rpcTimeout: Double
    /// Largest frame requested from the broker (bytes).
    public var frameMax: Int
    /// For `amqps`: verify the broker's certificate chain and host name (on by default).
    public var verifyPeer: Bool
    /// For `amqps`: PEM file of trusted CAs; nil uses the system bundle when one is found.
    public var caCertificatePath: String?
    /// For `amqps` with client certificates: PEM certificate chain and private key.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    /// Shown by the broker's management UI and `rabbitmqctl list_connections`.
    public var connectionName: String
    /// Whether a call that finds the connection lost (broker restart, missed heartbeats) first
    /// reconnects, once, with the same settings. Acks and a publish batch already under way never
    /// reconnect: their delivery tags belong to the lost channel.
    public var reconnects: Bool

    public init(heartbeat: Int = 30, connectTimeout: Double = 5, rpcTimeout: Double = 30, frameMax: Int = 131_072,
                verifyPeer: Bool = true, caCertificatePath: String? = nil, clientCertificatePath: String? = nil,
                clientKeyPath: String? = nil, connectionName: String = "ninjait-reports",
                reconnects: Bool = true) {
        self.heartbeat = heartbeat
        self.connectTimeout = connectTimeout
        self.rpcTimeout = rpcTimeout
        self.frameMax = frameMax
        self.verifyPeer = verifyPeer
        self.caCertificatePath = caCertificatePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.connectionName = connectionName
        self.reconnects = reconnects
    }

    /// Where Debian, Red Hat and Alpine keep the system CA bundle.
    static let systemCABundles = [
        "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
    ]
}

/// The parts of an `amqp[s]://user:pass@host:port/vhost` URL that a connection needs.
///
/// Holds the password: its `description` is the redacted URL, and it is never logged.
struct AMQPAddress: CustomStringConvertible {
    let endpoint: Endpoint
    let tls: Bool
    let host: String
    let port: Int
    let user: String
    let password: String
    let virtualHost: String

    /// Parses `url`; errors never contain the password.
    init(_ url: String) throws {
        endpoint = try Endpoint(url, kind: "rabbitmq")
        switch endpoint.scheme {
        case "amqp": tls = false
        case "amqps": tls = true
        default:
            throw ConnectorError(.badConfiguration, server: "rabbitmq", purpose: "configuration",
                                 message: "not an amqp:// or amqps:// URL: \(endpoint.redacted)")
        }
        host = endpoint.host
        port = endpoint.port ?? (tls ? 5671 : 5672)
        user = endpoint.user.flatMap { $0.isEmpty ? nil : $0 } ?? "guest"
        password = endpoint.password ?? "guest"
        virtualHost = AMQPAddress.virtualHost(fromPercentEncodedPath: URLComponents(string: url)?.percentEncodedPath ?? "")
    }

    var description: String { endpoint.redacted }

    /// `""` and `"/"` mean the default vhost `/`; otherwise the path without its leading slash,
    /// percent-decoded (`/%2f` is `/`, `/tenants` is `tenants`).
    static func virtualHost(fromPercentEncodedPath path: String) -> String {
        guard path.count > 1 else { return "/" }
        let encoded = String(path.dropFirst())
        return encoded.removingPercentEncoding ?? encoded
    }
}
