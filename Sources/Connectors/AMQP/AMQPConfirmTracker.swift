/// The messages of one publish batch: which delivery tag each got, and what the broker said about it.
///
/// Pure bookkeeping, so the confirm rules are testable without a broker: an ack settles a tag
/// (with `multiple`, every unsettled tag up to it) as success unless a `basic.return` for that
/// message came first; a nack settles as failure; tags not of this batch (late confirms of an
/// earlier, timed-out batch) are ignored.
struct AMQPConfirmTracker {
    private var outcomes: [Result<Void, ConnectorError>?]
    /// Delivery tag → index of the message, for messages sent and not yet settled.
    private var pending: [UInt64: Int] = [:]
    /// Index → the error of a `basic.return` received for it (settled by its ack).
    private var returned: [Int: ConnectorError] = [:]

    init(count: Int) {
        outcomes = Array(repeating: nil, count: count)
    }

    /// Messages sent and not yet acked or nacked.
    var inFlight: Int { pending.count }

    /// One outcome per message; a message never settled counts as not sent (should not happen).
    var results: [Result<Void, ConnectorError>] {
        outcomes.map { $0 ?? .failure(ConnectorError(.protocolError, server: "rabbitmq", purpose: "publish", message: "message was not sent")) }
    }

    mutating func sent(_ index: Int, tag: UInt64) {
        pending[tag] = index
    }

    mutating func fail(_ index: Int, _ error: ConnectorError) {
        outcomes[index] = .failure(error)
    }

    mutating func ack(_ tag: UInt64, multiple: Bool) {
        for settled in tags(upTo: tag, multiple: multiple) {
            guard let index = pending.removeValue(forKey: settled) else { continue }
            if let error = returned.removeValue(forKey: index) {
                outcomes[index] = .failure(error)
            } else {
                outcomes[index] = .success(())
            }
        }
    }

    mutating func nack(_ tag: UInt64, multiple: Bool, error: (Int) -> ConnectorError) {
        for settled in tags(upTo: tag, multiple: multiple) {
            guard let index = pending.removeValue(forKey: settled) else { continue }
            outcomes[index] = .failure(returned.removeValue(forKey: index) ?? error(index))
        }
    }

    /// The unsettled, not yet returned message with the lowest tag that satisfies `predicate`.
    func firstUnsettled(where predicate: (Int) -> Bool) -> Int? {
        pending.sorted { $0.key < $1.key }.map(\.value).first { returned[$0] == nil && predicate($0) }
    }

    mutating func markReturned(_ index: Int, _ error: ConnectorError) {
        returned[index] = error
    }

    /// Fails every message without an outcome: unconfirmed ones and ones never sent.
    mutating func failUnsettled(_ error: (Int) -> ConnectorError) {
        for index in outcomes.indices where outcomes[index] == nil {
            outcomes[index] = .failure(returned[index] ?? error(index))
        }
        pending.removeAll()
        returned.removeAll()
    }

    private func tags(upTo tag: UInt64, multiple: Bool) -> [UInt64] {
        multiple ? pending.keys.filter { $0 <= tag } : [tag]
    }
}
