import Foundation
import Reporting

/// Runs jobs on one runner thread through its own `ReportProduction` (and so its own PostgreSQL connection).
///
/// Each job is produced like `run` does, under the job's own lock (see
/// `ReportProduction.produce(_:options:started:)`); this maps the outcome to what the consumer
/// thread does with the delivery. Only the last attempt (`maxAttempts`) of a failing job queues
/// its `report.failed` notification: earlier ones are retried. Not thread-safe: one per thread.
final class JobExecutor {
    let production: ReportProduction
    let outDirectory: String
    let maxAttempts: Int
    let log: @Sendable (String) -> Void

    init(config: Configuration, outDirectory: String, maxAttempts: Int, log: @escaping @Sendable (String) -> Void) {
        production = ReportProduction(config: config)
        self.outDirectory = outDirectory
        self.maxAttempts = maxAttempts
        self.log = log
    }

    func execute(_ item: JobWorkItem) -> JobVerdict {
        let message = item.message
        var options = RunOptions(outDirectory: outDirectory)
        options.trigger = "worker"
        options.now = Date()
        options.attempt = message.attempt
        options.notifyFailure = message.attempt >= maxAttempts
        let order = ReportOrder(definition: item.definition, tenantID: message.tenant.id, tenantSlug: message.tenant.slug, period: message.period)
        let outcome = production.produce(order, options: options) { job in
            log(Logfmt.line([("level", "info"), ("msg", "job-started"), ("definition", message.definition), ("tenant", job.tenant.slug),
                             ("period", job.period.label), ("attempt", "\(message.attempt)"), ("message_id", message.messageID),
                             ("redelivered", "\(item.delivery.redelivered)")]))
        }
        let kind: JobVerdict.Kind
        switch outcome.status {
        case .produced: kind = .done
        case .failed: kind = .failed
        case .invalid: kind = .invalid
        case .busy: kind = .busy
        }
        var verdict = JobVerdict(item: item, kind: kind, result: outcome.result)
        if let outbox = outcome.outbox {
            verdict.published = outbox.published
            verdict.unpublished = outbox.failed
            verdict.outboxError = outbox.errors.first
        }
        if let error = outcome.outboxError { verdict.outboxError = error }
        return verdict
    }
}
