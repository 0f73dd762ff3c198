import CRabbitMQ
import Foundation

/// Reading frames with a deadline, and turning rabbitmq-c results into `ConnectorError`s.
extension AMQPConnection {
    /// Library statuses after which the socket is closed (or the stream out of sync) for good.
    private static let connectionLostStatuses: Set<Int32> = [
        AMQP_STATUS_CONNECTION_CLOSED, AMQP_STATUS_SOCKET_ERROR, AMQP_STATUS_SOCKET_CLOSED,
        AMQP_STATUS_HEARTBEAT_TIMEOUT, AMQP_STATUS_TIMEOUT, AMQP_STATUS_TCP_ERROR, AMQP_STATUS_SSL_ERROR,
        AMQP_STATUS_SSL_CONNECTION_FAILED, AMQP_STATUS_SSL_PEER_VERIFY_FAILED, AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED,
        AMQP_STATUS_BAD_AMQP_DATA, AMQP_STATUS_UNKNOWN_CLASS, AMQP_STATUS_UNKNOWN_METHOD, AMQP_STATUS_NO_MEMORY,
    ].map(\.rawValue).reduce(into: Set<Int32>()) { $0.insert($1) }

    /// Throws unless `reply` is `AMQP_RESPONSE_NORMAL`; a channel closed by the broker becomes `refusal`.
    func check(_ reply: amqp_rpc_reply_t, purpose: String, refusal: ConnectorError.Code = .serverError) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw libraryError(reply.library_error, purpose: purpose)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            throw serverClosed(reply.reply, purpose: purpose, refusal: refusal)
        default:
            markLost()
            throw ConnectorError(.unavailable, server: server, purpose: purpose, message: "no reply from the broker (connection closed)")
        }
    }

    /// The error for a rabbitmq-c status; marks the connection lost when the library closed it.
    func libraryError(_ status: Int32, purpose: String) -> ConnectorError {
        let lostNow = AMQPConnection.connectionLostStatuses.contains(status)
        if lostNow { markLost() }
        let code: ConnectorError.Code
        switch status {
        case AMQP_STATUS_TIMEOUT.rawValue: code = .timeout
        case AMQP_STATUS_BAD_AMQP_DATA.rawValue, AMQP_STATUS_UNKNOWN_CLASS.rawValue, AMQP_STATUS_UNKNOWN_METHOD.rawValue,
             AMQP_STATUS_UNEXPECTED_STATE.rawValue, AMQP_STATUS_WRONG_METHOD.rawValue, AMQP_STATUS_TABLE_TOO_BIG.rawValue,
             AMQP_STATUS_INVALID_PARAMETER.rawValue:
            code = .protocolError
        default: code = lostNow ? .unavailable : .protocolError
        }
        var message = AMQPConnection.text(status)
        if status == AMQP_STATUS_TIMEOUT.rawValue { message += " (no answer within \(options.rpcTimeout) s; connection closed)" }
        return ConnectorError(code, server: server, purpose: purpose, message: message, underlying: "rabbitmq-c status \(status)")
    }

    /// Answers a `connection.close` or `channel.close` from the broker and returns the error carrying its reply.
    ///
    /// A closed connection is `.unavailable`; a closed channel is `refusal` (the channel is reopened by the next call).
    func serverClosed(_ method: amqp_method_t, purpose: String, refusal: ConnectorError.Code = .serverError) -> ConnectorError {
        switch method.id {
        case AMQP_CONNECTION_CLOSE_METHOD:
            let (code, text) = method.decoded.map {
                let close = $0.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return (Int(close.reply_code), String(amqpBytes: close.reply_text))
            } ?? (0, "")
            if let state {
                var ok = amqp_connection_close_ok_t()
                _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
            }
            lastCloseReply = (code, text)
            markLost()
            return ConnectorError(.unavailable, server: server, purpose: purpose,
                                  message: "the broker closed the connection: \(text)", underlying: "AMQP reply \(code)")
        case AMQP_CHANNEL_CLOSE_METHOD:
            let (code, text) = method.decoded.map {
                let close = $0.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return (Int(close.reply_code), String(amqpBytes: close.reply_text))
            } ?? (0, "")
            if let state {
                var ok = amqp_channel_close_ok_t()
                _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
            }
            lastCloseReply = (code, text)
            markChannelClosed()
            return ConnectorError(refusal, server: server, purpose: purpose,
                                  message: "the broker closed the channel: \(text)", underlying: "AMQP reply \(code)")
        default:
            return ConnectorError(.protocolError, server: server, purpose: purpose,
                                  message: "unexpected method 0x\(String(method.id, radix: 16)) from the broker")
        }
    }

    /// The next frame, or nil when none arrived by `deadline` (a past deadline polls once).
    ///
    /// Heartbeats are sent and checked inside; `connection.blocked` / `unblocked` are recorded in
    /// `blockedReason` (blocked is skipped, unblocked returned). The frame's decoded method lives in rabbitmq-c's pool until the
    /// next `releaseBuffers()`: copy what you need first.
    func nextFrame(until deadline: Date, purpose: String) throws -> amqp_frame_t? {
        let state = try liveState(purpose)
        while true {
            var frame = amqp_frame_t()
            var timeout = timeval(amqpTimeout: deadline.timeIntervalSinceNow)
            let status = amqp_simple_wait_frame_noblock(state, &frame, &timeout)
            if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
            guard status == AMQP_STATUS_OK.rawValue else { throw libraryError(status, purpose: purpose) }
            if frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == 0 {
                switch frame.payload.method.id {
                case AMQP_CONNECTION_BLOCKED_METHOD:
                    blockedReason = frame.payload.method.decoded.map {
                        String(amqpBytes: $0.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee.reason)
                    } ?? "blocked"
                    continue
                case AMQP_CONNECTION_UNBLOCKED_METHOD:
                    blockedReason = nil  // returned, so that a publisher waiting for it wakes up
                case AMQP_CONNECTION_CLOSE_METHOD:
                    throw serverClosed(frame.payload.method, purpose: purpose)
                default:
                    break
                }
            }
            return frame
        }
    }

    /// Reads the content (header and body frames) that follows a `basic.deliver`, `basic.get-ok` or `basic.return`.
    ///
    /// Must be called right after that method frame, so the frame stream stays in sync.
    func readMessage<R>(purpose: String, _ body: (amqp_message_t) -> R) throws -> R {
        let state = try liveState(purpose)
        var message = amqp_message_t()
        try check(amqp_read_message(state, channel, &message, 0), purpose: purpose)
        defer { amqp_destroy_message(&message) }
        return body(message)
    }

    /// Frees rabbitmq-c's frame memory when nothing is queued (copy decoded frames before calling).
    func releaseBuffers() {
        if let state { amqp_maybe_release_buffers(state) }
    }
}
