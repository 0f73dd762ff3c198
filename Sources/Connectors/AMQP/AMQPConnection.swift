import CRabbitMQ
import Foundation

/// One AMQP 0-9-1 connection to RabbitMQ with one channel, owning a rabbitmq-c connection state.
///
/// Connects in `init` (TCP, or TLS with peer verification for `amqps`; PLAIN login; heartbeats;
/// channel 1) and closes cleanly in `close()` or `deinit`. Not thread-safe: one per thread.
/// A connection carries at most one `AMQPPublisher` or one `AMQPConsumer` (otherwise one would
/// read the other's frames); the topology helpers work on either. After the broker closed the
/// channel (say, a passive declare of a missing queue) the next call reopens it; after the
/// connection was lost (broker restart, heartbeats missed while idle) the next call reconnects
/// once when `options.reconnects`, else every call throws `.unavailable`. Errors name the broker
/// without the password.
public final class AMQPConnection {
    enum Role: String { case publisher, consumer }

    public let endpoint: Endpoint
    public let virtualHost: String
    public let options: AMQPConnectionOptions
    /// What the broker announced at login (`product`, `version`, `cluster_name`, ...).
    public internal(set) var serverProperties: [String: AMQPFieldValue] = [:]
    /// Why the broker currently blocks publishers (`connection.blocked`, e.g. a memory alarm), else nil.
    public internal(set) var blockedReason: String?
    /// `rabbitmq amqp://user@host:port/vhost`: how errors name this broker.
    let server: String
    let channel: amqp_channel_t = 1
    private(set) var state: amqp_connection_state_t?
    var loggedIn = false
    private(set) var lost = false
    private(set) var channelOpen = false
    /// Incremented whenever channel 1 is (re)opened: delivery tags and confirm mode belong to one epoch.
    private(set) var channelEpoch = 0
    /// Reply code and text of the last `connection.close` or `channel.close` the broker sent.
    var lastCloseReply: (code: Int, text: String)?
    var role: Role?
    /// Where to connect again after a loss (holds the password; never printed).
    private let address: AMQPAddress

    /// Connects to `url` (`amqp[s]://user:pass@host:port/vhost`; vhost `/` when the path is empty or `/`).
    ///
    /// Throws `.badConfiguration` for an unusable URL and `.unavailable` when the broker cannot be
    /// reached, refuses the login or the vhost, or does not answer within `connectTimeout`.
    public init(url: String, options: AMQPConnectionOptions = AMQPConnectionOptions()) throws {
        let address = try AMQPAddress(url)
        endpoint = address.endpoint
        virtualHost = address.virtualHost
        self.options = options
        self.address = address
        server = "rabbitmq \(address.endpoint.redacted)"
        try connect()
    }

    deinit { close() }

    /// Whether the connection can still be used (not closed, not lost).
    public var isOpen: Bool { state != nil && loggedIn && !lost }

    /// The broker's version as it announced it (`3.10.8`), or `unknown`.
    public var serverVersion: String { serverProperties["version"]?.stringValue ?? "unknown" }

    /// Closes the channel and the connection (each RPC waits at most 2 s) and frees the C state; idempotent.
    ///
    /// Deliveries not yet acked go back to their queue (the broker sets `redelivered`).
    public func close() {
        guard let state else { return }
        if loggedIn && !lost {
            var short = timeval(amqpTimeout: min(options.rpcTimeout, 2))
            _ = amqp_set_rpc_timeout(state, &short)
            if channelOpen { _ = amqp_channel_close(state, channel, AMQP_REPLY_SUCCESS) }
            _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        }
        amqp_destroy_connection(state)
        self.state = nil
        loggedIn = false
        channelOpen = false
    }

    // MARK: - Internals shared by the publisher, the consumer and the topology helpers

    /// The connection state if it is usable, else `.unavailable`.
    func liveState(_ purpose: String) throws -> amqp_connection_state_t {
        guard let state, !lost else {
            throw ConnectorError(.unavailable, server: server, purpose: purpose,
                                 message: lost ? "the connection to the broker was lost" : "the connection is closed")
        }
        return state
    }

    /// The connection state with channel 1 open, reopening it after the broker closed it (and
    /// reconnecting after a loss when `options.reconnects`).
    func live(_ purpose: String) throws -> amqp_connection_state_t {
        if lost && state != nil && options.reconnects { try connect() }
        let state = try liveState(purpose)
        if !channelOpen { try openChannel() }
        return state
    }

    /// Reserves this connection for one publisher or one consumer, for good.
    func claim(_ wanted: Role, purpose: String) throws {
        if let role {
            throw ConnectorError(.badConfiguration, server: server, purpose: purpose,
                                 message: "this connection already carries a \(role.rawValue); use one connection per publisher and per consumer")
        }
        role = wanted
    }

    func markLost() {
        lost = true
        channelOpen = false
    }

    func markChannelClosed() { channelOpen = false }

    /// Opens socket, login and channel on a fresh rabbitmq-c state (dropping a lost one); the channel epoch moves on.
    private func connect() throws {
        if let state { amqp_destroy_connection(state) }
        state = nil
        lost = false
        loggedIn = false
        channelOpen = false
        lastCloseReply = nil
        blockedReason = nil
        guard let state = amqp_new_connection() else {
            throw ConnectorError(.unavailable, server: server, purpose: "connect", message: "amqp_new_connection failed (out of memory)")
        }
        self.state = state
        do {
            try openSocket(address)
            try login(address)
            try setRPCTimeout(options.rpcTimeout)
            try openChannel()
        } catch {
            markLost()
            throw error
        }
    }

    private func openChannel() throws {
        let state = try liveState("open channel")
        amqp_maybe_release_buffers(state)
        _ = amqp_channel_open(state, channel)
        try check(amqp_get_rpc_reply(state), purpose: "open channel \(channel)")
        channelOpen = true
        channelEpoch += 1
    }

    func setRPCTimeout(_ seconds: Double) throws {
        let state = try liveState("set the RPC timeout")
        var timeout = timeval(amqpTimeout: seconds)
        let status = amqp_set_rpc_timeout(state, &timeout)
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: "set the RPC timeout") }
    }

    private func openSocket(_ address: AMQPAddress) throws {
        let state = try liveState("connect")
        let socket: OpaquePointer?
        if address.tls {
            socket = amqp_ssl_socket_new(state)
            if let socket { try configureTLS(socket) }
        } else {
            socket = amqp_tcp_socket_new(state)
        }
        guard let socket else {
            throw ConnectorError(.unavailable, server: server, purpose: "connect", message: "cannot create the socket")
        }
        var timeout = timeval(amqpTimeout: options.connectTimeout)
        errno = 0
        let status = address.host.withCString { amqp_socket_open_noblock(socket, $0, Int32(address.port), &timeout) }
        let osError = errno
        guard status == AMQP_STATUS_OK.rawValue else {
            markLost()
            let reason: String
            switch status {
            case AMQP_STATUS_TIMEOUT.rawValue: reason = "no connection within \(options.connectTimeout) s"
            // rabbitmq-c drops the connect's SO_ERROR; refused and unreachable are the usual causes.
            case AMQP_STATUS_SOCKET_ERROR.rawValue: reason = "connection refused or host unreachable"
            default: reason = AMQPConnection.text(status)
            }
            let detail = [0, EINPROGRESS, EAGAIN].contains(osError) ? nil : String(cString: strerror(osError))
            throw ConnectorError(.unavailable, server: server, purpose: "connect to \(address.host):\(address.port)",
                                 message: "cannot connect: \(reason)", underlying: detail)
        }
    }

    private func configureTLS(_ socket: OpaquePointer) throws {
        amqp_ssl_socket_set_verify_peer(socket, options.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, options.verifyPeer ? 1 : 0)
        let bundle = options.caCertificatePath
            ?? (options.verifyPeer ? AMQPConnectionOptions.systemCABundles.first { FileManager.default.fileExists(atPath: $0) } : nil)
        if let bundle {
            let status = bundle.withCString { amqp_ssl_socket_set_cacert(socket, $0) }
            guard status == AMQP_STATUS_OK.rawValue else {
                throw ConnectorError(.badConfiguration, server: server, purpose: "TLS setup",
                                     message: "cannot load the CA certificates \(bundle): \(AMQPConnection.text(status))")
            }
        }
        if let certificate = options.clientCertificatePath, let key = options.clientKeyPath {
            let status = certificate.withCString { cert in key.withCString { amqp_ssl_socket_set_key(socket, cert, $0) } }
            guard status == AMQP_STATUS_OK.rawValue else {
                throw ConnectorError(.badConfiguration, server: server, purpose: "TLS setup",
                                     message: "cannot load the client certificate \(certificate) or key: \(AMQPConnection.text(status))")
            }
        }
    }

    /// rabbitmq-c's text for a status code.
    static func text(_ status: Int32) -> String {
        String(cString: amqp_error_string2(status))
    }
}

extension timeval {
    /// A relative timeout of `seconds` (negative counts as zero: poll once).
    init(amqpTimeout seconds: Double) {
        let clamped = max(0, seconds)
        let whole = clamped.rounded(.down)
        self.init(tv_sec: Int(whole), tv_usec: Int(((clamped - whole) * 1_000_000).rounded(.down)))
    }
}
