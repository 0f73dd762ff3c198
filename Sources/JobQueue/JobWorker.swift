import Connectors
import Foundation
import Reporting

/// `ninjait-reports worker`: consumes the work queue and produces each job like `run` does.
///
/// The calling thread owns both RabbitMQ connections (a consumer with prefetch K, and a
/// publisher with confirms for retries and dead letters); K runner threads each own a
/// `ReportRunner` with its own PostgreSQL connection. A delivery is acked only after its
/// ledger/outbox transaction committed (or it was skipped because it had succeeded before),
/// after it went to a retry queue with `attempt + 1`, or after it went to the dead-letter
/// queue (after `maxAttempts` failures, at once when its definition or tenant no longer
/// exists or its body is not a job). Two workers never produce the same job at once: each job
/// takes a PostgreSQL advisory lock, and a job whose lock is held comes back after
/// `retryDelay`. The nightly run lock is never taken, so any number of workers run side by side.
///
/// Stops when `shutdownRequested` returns true (`WorkerService` bridges graceful shutdown, SIGTERM
/// and SIGINT to it): no new deliveries, the running jobs finish and are settled, then it
/// returns. With `once` it also returns when nothing is left to do.
/// Not thread-safe: call `run` once, from one thread.
public final class JobWorker {
    public let options: WorkerOptions
    let log: @Sendable (String) -> Void
    var definitions: [String: ReportDefinition] = [:]
    /// `host:pid`, recorded in dead-lettered messages.
    let identity = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    public init(options: WorkerOptions, log: @escaping @Sendable (String) -> Void = LogOutput.standardOutput) {
        self.options = options
        self.log = log
    }

    /// Consumes until `shutdownRequested` returns true (or, with `once`, until the queues are empty); returns what it did.
    ///
    /// Throws `ConfigurationError` for bad definitions or a queue declared with other settings,
    /// and `ConnectorError` when the broker or PostgreSQL is unreachable at the start or the connection is lost
    /// for good (the running jobs are finished first; what could not be acked is redelivered and
    /// then skipped, because it succeeded).
    public func run(shutdownRequested: () -> Bool = { false }) throws -> WorkerOutcome {
        let config = options.config
        let topology = options.topology
        try reloadDefinitions()
        // PostgreSQL down at the start: exit 69 at once rather than spend every job's attempts.
        _ = try PostgresClient(url: config.postgresURL, applicationName: "ninjait-reports worker")
        let consumerConnection = try AMQPConnection(url: config.amqpURL, options: connectionOptions("ninjait-reports worker"))
        defer { consumerConnection.close() }
        try topology.declare(on: consumerConnection, retries: true)
        try consumerConnection.declareExchange(config.exchange, type: "topic", durable: true)
        let publisherConnection = try AMQPConnection(url: config.amqpURL, options: connectionOptions("ninjait-reports worker publisher"))
        defer { publisherConnection.close() }
        let publisher = try AMQPPublisher(connection: publisherConnection)
        let consumer = try AMQPConsumer(connection: consumerConnection, queue: topology.jobs, prefetch: options.concurrency)
        let pool = JobRunnerPool(count: options.concurrency, config: config, outDirectory: options.outDirectory,
                                 maxAttempts: topology.maxAttempts, log: log)
        log(Logfmt.line([("level", "info"), ("msg", "worker started"), ("queue", topology.jobs), ("dead_letter_queue", topology.dead),
                         ("concurrency", "\(options.concurrency)"), ("max_attempts", "\(topology.maxAttempts)"),
                         ("retry_delay_s", "\(topology.retryDelay)"), ("mode", options.once ? "once" : "daemon")]))

        var outcome = WorkerOutcome()
        var inFlight = 0
        var failure: Error?
        var cancelled = false
        func settleReady(waiting seconds: Double) {
            var wait = seconds
            while let verdict = pool.verdicts.take(timeout: wait) {
                inFlight -= 1
                wait = 0
                if let error = settle(verdict, consumer: consumer, publisher: publisher, topology: topology, outcome: &outcome),
                   failure == nil {
                    failure = error
                }
            }
        }
        while true {
            settleReady(waiting: 0)
            if shutdownRequested() || failure != nil {
                if !cancelled {
                    cancelled = true
                    try? consumer.cancel()
                }
                if inFlight == 0 { break }
                settleReady(waiting: 0.1)
                // Deliveries already on the wire when the consumer was cancelled go straight back.
                if failure == nil, let late = try? consumer.next(timeout: 0) {
                    try? consumer.nack(late, requeue: true)
                    outcome.requeued += 1
                }
                continue
            }
            if inFlight >= options.concurrency { settleReady(waiting: 0.05) }
            let wait = inFlight >= options.concurrency ? 0 : inFlight > 0 ? 0.05 : options.once ? options.idleTimeout : 0.5
            do {
                if let delivery = try consumer.next(timeout: wait) {
                    if let item = try accept(delivery, consumer: consumer, publisher: publisher, topology: topology, outcome: &outcome) {
                        pool.submit(item)
                        inFlight += 1
                    }
                    continue
                }
            } catch {
                failure = error
                continue
            }
            if options.once && inFlight == 0 {
                // A broker that cannot say how much is pending is a failure (exit 69), never "nothing left".
                do {
                    if try topology.pending(on: publisherConnection) == 0 { break }
                } catch {
                    failure = error
                }
            }
        }
        pool.shutdown()
        outcome.unpublished = finalFlush()
        log(Logfmt.line([("level", failure == nil ? "info" : "error"), ("msg", "worker stopped"), ("succeeded", "\(outcome.succeeded)"),
                         ("skipped", "\(outcome.skipped)"), ("retried", "\(outcome.retried)"), ("dead", "\(outcome.dead)"),
                         ("requeued", "\(outcome.requeued)")] + (failure.map { [("error", "\($0)")] } ?? [])))
        if let failure { throw failure }
        return outcome
    }

    /// Decodes a delivery into a job for the runners, or dead-letters it (bad body, unknown definition) and returns nil.
    ///
    /// Throws when the broker refused the dead letter (the delivery was requeued): the worker stops, as for any settle error.
    func accept(_ delivery: AMQPDelivery, consumer: AMQPConsumer, publisher: AMQPPublisher, topology: JobQueueTopology,
                outcome: inout WorkerOutcome) throws -> JobWorkItem? {
        let message: JobMessage
        do {
            message = try JobMessage.decode(delivery.body)
        } catch {
            deadLetterRaw(delivery, reason: "\(error)", consumer: consumer, publisher: publisher, topology: topology, outcome: &outcome)
            return nil
        }
        if definitions[message.definition] == nil { try? reloadDefinitions() }
        guard let definition = definitions[message.definition] else {
            let result = ReportResult.rejected(definition: message.definition, tenant: message.tenant.slug, period: message.period.label,
                                               error: "definition '\(message.definition)' no longer exists in \(options.config.reportsDirectory)")
            let verdict = JobVerdict(item: JobWorkItem(delivery: delivery, message: message, definition: .defaults(for: .sla)),
                                     kind: .invalid, result: result)
            if let error = settle(verdict, consumer: consumer, publisher: publisher, topology: topology, outcome: &outcome) { throw error }
            return nil
        }
        return JobWorkItem(delivery: delivery, message: message, definition: definition)
    }

    /// Loads the definitions again (when a job names one this worker does not know yet).
    func reloadDefinitions() throws {
        let loader = DefinitionLoader(directory: options.config.reportsDirectory, templatesDirectory: options.config.templatesDirectory)
        definitions = Dictionary(try loader.loadAll().map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func connectionOptions(_ name: String) -> AMQPConnectionOptions {
        AMQPConnectionOptions(heartbeat: 30, verifyPeer: options.config.verifyTLS, connectionName: name)
    }

    /// Publishes what is left in the outbox (rows of a worker killed after its commit); returns how many stayed unpublished.
    private func finalFlush() -> Int {
        do {
            let pg = try PostgresClient(url: options.config.postgresURL, applicationName: "ninjait-reports worker")
            let flushed = try OutboxPublisher(pg: pg, amqpURL: options.config.amqpURL).flush()
            if flushed.published > 0 || flushed.failed > 0 {
                log(Logfmt.line([("level", flushed.failed > 0 ? "warn" : "info"), ("msg", "outbox"), ("published", "\(flushed.published)"),
                                 ("unpublished", "\(flushed.failed)")] + (flushed.errors.first.map { [("error", String($0.prefix(500)))] } ?? [])))
            }
            return flushed.failed
        } catch {
            log(Logfmt.line([("level", "warn"), ("msg", "outbox"), ("error", "\(error)")]))
            return 1
        }
    }
}
