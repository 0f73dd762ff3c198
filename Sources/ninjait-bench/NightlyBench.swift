import Connectors
import Foundation

/// `ninjait-bench nightly-broker setup|drain EXCHANGE QUEUE`: the broker side of `scripts/bench nightly`.
///
/// `setup` declares a topic exchange of the benchmark's own and a queue bound to every routing
/// key on it, so the night's notifications really reach a queue without reaching the mailer's.
/// `drain` prints `messages N` (the notifications the queue holds) and `ready N` (how many of
/// them are `report.ready`), then deletes the queue and the exchange. The AMQP URL comes from
/// `NINJAIT_AMQP_URL` (default: the local broker).
func nightlyBrokerBench(_ arguments: [String]) throws {
    guard arguments.count == 3, ["setup", "drain"].contains(arguments[0]), !arguments[1].isEmpty, !arguments[2].isEmpty else {
        throw NightlyBenchError("usage: ninjait-bench nightly-broker setup|drain EXCHANGE QUEUE")
    }
    let (action, exchange, queue) = (arguments[0], arguments[1], arguments[2])
    let url = ProcessInfo.processInfo.environment["NINJAIT_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:55672/"
    let connection = try AMQPConnection(url: url)
    defer { connection.close() }
    if action == "setup" {
        try connection.declareExchange(exchange, type: "topic", durable: true)
        try connection.declareQueue(queue, durable: true)
        _ = try connection.purgeQueue(queue)
        try connection.bindQueue(queue, exchange: exchange, bindingKey: "#")
        print("broker exchange=\(exchange) queue=\(queue)")
        return
    }
    var messages = 0, ready = 0
    while let delivery = try connection.get(queue: queue, autoAck: true) {
        messages += 1
        if delivery.routingKey.hasPrefix("report.ready") { ready += 1 }
    }
    _ = try connection.deleteQueue(queue)
    try connection.deleteExchange(exchange)
    print("messages \(messages)")
    print("ready \(ready)")
}

/// A usage or broker error of the nightly benchmark.
struct NightlyBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
