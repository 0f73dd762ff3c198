import Connectors
import Foundation

/// Sends the rollup's ClickHouse inserts from a thread of its own, so reading InfluxDB never
/// waits for an insert.
///
/// The rollup reads InfluxDB inside curl's write callback; an insert sent from there stops the
/// read, and InfluxDB, which writes only as fast as it is read, stops with it. Here the inserts
/// queue (at most `maxBytes` of bodies: `submit` waits beyond that, so memory stays flat) and
/// one thread sends them in order with its own client. The first failure is kept: `submit` and
/// `finish` throw it, and nothing queued after it is sent. `finish` returns once every insert
/// is in ClickHouse, so whatever the caller writes after it (the day's mark) comes last. The
/// thread holds the pipeline until `finish` or `abandon`; its owner (`HourlyStore.Writer`)
/// abandons it when it goes away unfinished.
final class InsertPipeline: @unchecked Sendable {
    // Every stored property below is guarded by `condition`.
    struct Insert: Sendable {
        var table: String
        var columns: [String]
        var format: ClickHouseClient.InsertFormat
        var body: [UInt8]
        var purpose: String
    }

    private let condition = NSCondition()
    private var queue: [Insert] = []
    private var queuedBytes = 0
    private var sending = false
    private var failure: (any Error)?
    private var closed = false
    private let maxBytes: Int

    /// Starts the sending thread; `makeClient` opens its ClickHouse client on that thread.
    init(maxBytes: Int = 32 << 20, makeClient: @escaping @Sendable () throws -> ClickHouseClient) {
        self.maxBytes = maxBytes
        let thread = Thread { [self] in run(makeClient) }
        thread.name = "ninjait rollup inserts"
        thread.start()
    }

    /// Stops the thread without sending what is still queued (the rollup failed; its day stays unmarked).
    func abandon() {
        condition.lock()
        closed = true
        queue.removeAll()
        queuedBytes = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Queues `insert`, waiting while the queue is full; throws the first failure of an earlier insert.
    func submit(_ insert: Insert) throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil && queuedBytes > 0 && queuedBytes + insert.body.count > maxBytes { condition.wait() }
        if let failure { throw failure }
        queue.append(insert)
        queuedBytes += insert.body.count
        condition.broadcast()
    }

    /// Waits until every queued insert is sent, then stops the thread; throws the first failure.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        while failure == nil && (!queue.isEmpty || sending) { condition.wait() }
        closed = true
        condition.broadcast()
        if let failure { throw failure }
    }

    private func run(_ makeClient: () throws -> ClickHouseClient) {
        var client: ClickHouseClient? = nil
        while true {
            condition.lock()
            while queue.isEmpty && !closed && failure == nil { condition.wait() }
            if queue.isEmpty || failure != nil {
                condition.unlock()
                return
            }
            let next = queue.removeFirst()
            sending = true
            condition.unlock()
            do {
                if client == nil { client = try makeClient() }
                try client?.insert(into: next.table, columns: next.columns, format: next.format, body: next.body, purpose: next.purpose)
                condition.lock()
                queuedBytes -= next.body.count
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                queuedBytes = 0
            }
            sending = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
