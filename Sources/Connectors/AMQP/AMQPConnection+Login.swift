import CRabbitMQ
import Foundation

/// The AMQP login handshake, done here because `amqp_login` is variadic and Swift cannot call it.
///
/// Same steps as rabbitmq-c's own `amqp_login`: protocol header, `connection.start`,
/// `start-ok` (PLAIN), `connection.tune` / `tune-ok` (through `amqp_tune_connection`, which
/// starts the heartbeat timers), then `connection.open` of the vhost; all within `connectTimeout`.
extension AMQPConnection {
    func login(_ address: AMQPAddress) throws {
        let state = try liveState("login")
        let deadline = Date().addingTimeInterval(options.connectTimeout)
        let status = amqp_send_header(state)
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: "login") }

        let start = try waitLoginMethod(AMQP_CONNECTION_START_METHOD, step: "connection.start", deadline: deadline)
        guard let decoded = start.decoded?.assumingMemoryBound(to: amqp_connection_start_t.self).pointee,
              decoded.version_major == 0, decoded.version_minor == 9 else {
            markLost()
            throw ConnectorError(.protocolError, server: server, purpose: "login", message: "the broker does not speak AMQP 0-9-1")
        }
        serverProperties = AMQPFieldValue.decode(decoded.server_properties)
        let mechanisms = String(amqpBytes: decoded.mechanisms).split(separator: " ").map(String.init)
        guard mechanisms.contains("PLAIN") else {
            markLost()
            throw ConnectorError(.badConfiguration, server: server, purpose: "login",
                                 message: "the broker does not offer PLAIN login (it offers \(mechanisms.joined(separator: ", ")))")
        }
        try sendStartOk(state, user: address.user, password: address.password)
        amqp_maybe_release_buffers(state)

        let tune: amqp_method_t
        do {
            tune = try waitLoginMethod(AMQP_CONNECTION_TUNE_METHOD, step: "connection.tune", deadline: deadline)
        } catch let error as ConnectorError where lost && error.code != .timeout {
            // With authentication_failure_close the broker says why; older brokers just hang up.
            let reason = lastCloseReply.map { "login refused: \($0.text)" }
                ?? "the broker closed the connection during login (wrong user or password?)"
            throw ConnectorError(.unavailable, server: server, purpose: "login as \(address.user)",
                                 message: reason, underlying: lastCloseReply.map { "AMQP reply \($0.code)" } ?? error.message)
        }
        try sendTuneOk(state, tune)
        amqp_maybe_release_buffers(state)

        try setRPCTimeout(deadline.timeIntervalSinceNow)
        let reply = AMQPArena.with { arena in
            var open = amqp_connection_open_t(virtual_host: arena.bytes(virtualHost), capabilities: amqp_bytes_t(), insist: 1)
            var replies: [amqp_method_number_t] = [AMQP_CONNECTION_OPEN_OK_METHOD, 0]
            return amqp_simple_rpc(state, 0, AMQP_CONNECTION_OPEN_METHOD, &replies, &open)
        }
        try check(reply, purpose: "open vhost '\(virtualHost)' as \(address.user)")
        amqp_maybe_release_buffers(state)
        loggedIn = true
    }

    /// The client properties sent at login; the capabilities ask for a `connection.close` on a
    /// failed login, `basic.cancel` when a consumed queue is deleted, and `connection.blocked`.
    private var clientProperties: [String: AMQPFieldValue] {
        [
            "product": .string("ninjait-reports"),
            "platform": .string("Swift, rabbitmq-c " + String(cString: amqp_version())),
            "connection_name": .string(options.connectionName),
            "capabilities": .table([
                "authentication_failure_close": .bool(true),
                "consumer_cancel_notify": .bool(true),
                "connection.blocked": .bool(true),
                "publisher_confirms": .bool(true),
                "basic.nack": .bool(true),
                "exchange_exchange_bindings": .bool(true),
            ]),
        ]
    }

    private func sendStartOk(_ state: amqp_connection_state_t, user: String, password: String) throws {
        let status = AMQPArena.with { arena in
            // SASL PLAIN: authzid NUL authcid NUL password.
            let response = [UInt8(0)] + Array(user.utf8) + [UInt8(0)] + Array(password.utf8)
            var startOk = amqp_connection_start_ok_t(client_properties: arena.table(clientProperties),
                                                     mechanism: arena.bytes("PLAIN"), response: arena.bytes(response),
                                                     locale: arena.bytes("en_US"))
            return amqp_send_method(state, 0, AMQP_CONNECTION_START_OK_METHOD, &startOk)
        }
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: "login") }
    }

    private func sendTuneOk(_ state: amqp_connection_state_t, _ method: amqp_method_t) throws {
        guard let tune = method.decoded?.assumingMemoryBound(to: amqp_connection_tune_t.self).pointee else {
            markLost()
            throw ConnectorError(.protocolError, server: server, purpose: "login", message: "connection.tune without arguments")
        }
        let channelMax = tune.channel_max == 0 ? UInt16.max : tune.channel_max
        var frameMax = UInt32(clamping: max(4096, options.frameMax))
        if tune.frame_max != 0 && tune.frame_max < frameMax { frameMax = tune.frame_max }
        var heartbeat = UInt16(clamping: max(0, options.heartbeat))
        if tune.heartbeat != 0 && tune.heartbeat < heartbeat { heartbeat = tune.heartbeat }
        var status = amqp_tune_connection(state, Int32(channelMax), Int32(clamping: frameMax), Int32(heartbeat))
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: "login (tune)") }
        var tuneOk = amqp_connection_tune_ok_t(channel_max: channelMax, frame_max: frameMax, heartbeat: heartbeat)
        status = amqp_send_method(state, 0, AMQP_CONNECTION_TUNE_OK_METHOD, &tuneOk)
        guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: "login (tune-ok)") }
    }

    /// Waits for one method on channel 0 during login; a `connection.close` or EOF becomes an error.
    private func waitLoginMethod(_ expected: amqp_method_number_t, step: String, deadline: Date) throws -> amqp_method_t {
        guard let frame = try nextFrame(until: deadline, purpose: "login") else {
            markLost()
            throw ConnectorError(.unavailable, server: server, purpose: "login",
                                 message: "no \(step) from the broker within \(options.connectTimeout) s (is this an AMQP port?)")
        }
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == 0 else {
            markLost()
            throw ConnectorError(.protocolError, server: server, purpose: "login",
                                 message: "expected \(step), got frame type \(frame.frame_type) (not an AMQP 0-9-1 broker?)")
        }
        guard frame.payload.method.id == expected else {
            markLost()
            throw ConnectorError(.protocolError, server: server, purpose: "login",
                                 message: "expected \(step), got method 0x\(String(frame.payload.method.id, radix: 16))")
        }
        return frame.payload.method
    }
}
