import Connectors
import Foundation
import Reporting

/// Settling a job on the broker: ack, retry through a delay queue, or dead-letter; one logfmt line each.
extension JobWorker {
    /// Acts on a verdict and logs it; returns an error only when the broker refused a retry or a
    /// dead letter (the delivery is then requeued and the worker should stop).
    func settle(_ verdict: JobVerdict, consumer: AMQPConsumer, publisher: AMQPPublisher, topology: JobQueueTopology,
                outcome: inout WorkerOutcome) -> Error? {
        let message = verdict.item.message
        var fields: [(String, String)] = [("attempt", "\(message.attempt)")]
        var republish: (queue: String, message: JobMessage, headers: [String: String])?
        switch verdict.kind {
        case .done:
            fields.append(("action", "ack"))
        case .busy:
            var again = message
            again.lastError = verdict.result.error
            republish = (topology.retryQueue(delay: topology.retryDelay), again, [:])
            fields += [("action", "requeue"), ("retry_in_s", "\(topology.retryDelay)")]
        case .failed where message.attempt < topology.maxAttempts:
            var again = message
            again.attempt += 1
            again.lastError = verdict.result.error.map { String($0.prefix(2000)) }
            let delay = topology.delay(beforeAttempt: again.attempt)
            republish = (topology.retryQueue(delay: delay), again, [:])
            fields += [("action", "retry"), ("retry_in_s", "\(delay)")]
        case .failed, .invalid:
            var dead = message
            dead.lastError = verdict.result.error.map { String($0.prefix(2000)) }
            republish = (topology.dead, dead, deadLetterHeaders(reason: verdict.result.error ?? "failed"))
            fields.append(("action", "dead"))
        }
        if let republish {
            do {
                try publisher.publish(exchange: "", routingKey: republish.queue, body: try republish.message.encoded(),
                                      messageId: message.messageID, contentType: "application/json", persistent: true,
                                      headers: republish.headers, mandatory: true)
            } catch {
                try? consumer.nack(verdict.item.delivery, requeue: true)
                log(line(for: verdict, fields: [("attempt", "\(message.attempt)"), ("action", "requeue"),
                                                 ("settle_error", "cannot publish to \(republish.queue): \(error)")]))
                outcome.requeued += 1
                return error
            }
        }
        switch (verdict.kind, verdict.result.status) {
        case (.done, .skipped): outcome.skipped += 1
        case (.done, _): outcome.succeeded += 1
        case (.busy, _): outcome.requeued += 1
        case (.failed, _) where message.attempt < topology.maxAttempts: outcome.retried += 1
        default: outcome.dead += 1
        }
        do {
            try consumer.ack(verdict.item.delivery)
        } catch {
            // The channel that delivered it is gone: the broker redelivers it, and the ledger skips it.
            fields.append(("ack_error", "\(error)"))
        }
        if verdict.kind == .done { fields += [("published", "\(verdict.published)"), ("unpublished", "\(verdict.unpublished)")] }
        if let outboxError = verdict.outboxError { fields.append(("outbox_error", String(outboxError.prefix(500)))) }
        log(line(for: verdict, fields: fields))
        return nil
    }

    /// Dead-letters a delivery that is not a job message at all (body kept as it came).
    func deadLetterRaw(_ delivery: AMQPDelivery, reason: String, consumer: AMQPConsumer, publisher: AMQPPublisher,
                       topology: JobQueueTopology, outcome: inout WorkerOutcome) {
        var fields: [(String, String)] = [("level", "error"), ("msg", "job"), ("message_id", delivery.messageId ?? ""),
                                          ("status", "invalid"), ("action", "dead"), ("error", reason)]
        do {
            try publisher.publish(exchange: "", routingKey: topology.dead, body: delivery.body, messageId: delivery.messageId,
                                  contentType: delivery.contentType, persistent: true, headers: deadLetterHeaders(reason: reason),
                                  mandatory: true)
            outcome.dead += 1
            do { try consumer.ack(delivery) } catch { fields.append(("ack_error", "\(error)")) }
        } catch {
            // Not lost: the broker's own dead-lettering of the work queue takes it.
            try? consumer.reject(delivery, requeue: false)
            outcome.dead += 1
            fields.append(("settle_error", "\(error)"))
        }
        log(Logfmt.line(fields))
    }

    func deadLetterHeaders(reason: String) -> [String: String] {
        ["x-ninjait-reason": String(reason.prefix(1000)), "x-ninjait-worker": identity,
         "x-ninjait-dead-at": ISOTimestamp.string(Date())]
    }

    /// The job's logfmt line: the report line of `run` (or a short one for a busy job) and the worker's fields.
    private func line(for verdict: JobVerdict, fields: [(String, String)]) -> String {
        let extra = Logfmt.line(fields + [("message_id", verdict.item.message.messageID)])
        if verdict.kind == .busy {
            let result = verdict.result
            return Logfmt.line([("level", "info"), ("msg", "report"), ("definition", result.definition), ("tenant", result.tenant),
                                ("period", result.period), ("status", "busy"), ("duration_ms", "\(result.milliseconds)")]) + " " + extra
        }
        return verdict.result.logLine + " " + extra
    }
}
