import Analytics
import Connectors
import Foundation
import Reporting

/// A job taken from the work queue, with what the consumer thread needs to settle it.
struct JobWorkItem: Sendable {
    var delivery: AMQPDelivery
    var message: JobMessage
    var definition: ReportDefinition
}

/// What running one job came to; the consumer thread acks, retries or dead-letters accordingly.
struct JobVerdict: Sendable {
    enum Kind: Sendable {
        /// Succeeded or skipped (it had succeeded before): ack.
        case done
        /// Failed: retry later, or dead-letter after the last attempt.
        case failed
        /// Can never run (tenant gone, bad period): dead-letter now.
        case invalid
        /// Another worker holds the job's lock: requeue with a delay, same attempt.
        case busy
    }

    var item: JobWorkItem
    var kind: Kind
    var result: ReportResult
    /// The outbox flush after a done job: notifications sent, and those left for a later flush.
    var published = 0
    var unpublished = 0
    var outboxError: String? = nil
}

/// Runs jobs on one runner thread with its own `ReportRunner` (and so its own PostgreSQL connection).
///
/// Per job: look the tenant up again by id, parse the period in its zone, take the job's
/// advisory lock without waiting (`busy` when another worker has it), mark a `running` row left
/// by a killed worker as failed, run it like `run` does (skipped when it already succeeded;
/// ledger success and outbox row in one transaction), release the lock, flush the outbox.
/// Not thread-safe: one per thread. A runner whose connection broke is replaced for the next job.
final class JobExecutor {
    let config: Configuration
    let outDirectory: String
    let log: @Sendable (String) -> Void
    private var runner: ReportRunner?

    init(config: Configuration, outDirectory: String, log: @escaping @Sendable (String) -> Void) {
        self.config = config
        self.outDirectory = outDirectory
        self.log = log
    }

    func execute(_ item: JobWorkItem) -> JobVerdict {
        let message = item.message
        var result = ReportResult(definition: message.definition, tenant: message.tenant.slug, period: message.period, status: .failed)
        let started = Date()
        func verdict(_ kind: JobVerdict.Kind, _ error: String? = nil) -> JobVerdict {
            if let error { result.error = error }
            result.milliseconds = Int(Date().timeIntervalSince(started) * 1000)
            return JobVerdict(item: item, kind: kind, result: result)
        }
        let runner: ReportRunner
        let job: ReportJob
        do {
            runner = try liveRunner()
            guard let tenant = try tenant(message.tenant, runner: runner) else {
                return verdict(.invalid, "tenant \(message.tenant.slug) (\(message.tenant.id)) no longer exists")
            }
            result.tenant = tenant.slug
            let period: ReportPeriod
            do {
                period = try ReportPeriod.parse(message.period, relativeTo: Date(), in: tenant.timeZone)
            } catch {
                return verdict(.invalid, "bad period '\(message.period)': \(error)")
            }
            guard period.label == message.period else {
                return verdict(.invalid, "period '\(message.period)' is not a fixed period (it reads as \(period.label) today)")
            }
            job = ReportJob(definition: item.definition, tenant: tenant, period: period)
            guard try runner.pg.tryAdvisoryLock(message.lockKey, purpose: "worker: take the lock of job \(message.key)") else {
                return verdict(.busy, "another worker is producing this report")
            }
        } catch {
            dropRunnerIfBroken()
            result.unavailable = ExitStatus.code(for: error) == ExitStatus.unavailable
            return verdict(.failed, "\(error)")
        }

        do {
            defer { _ = try? runner.pg.advisoryUnlock(message.lockKey, purpose: "worker: release the lock of job \(message.key)") }
            try failAbandoned(job, runner: runner)
            log(Logfmt.line([("level", "info"), ("msg", "job-started"), ("definition", message.definition), ("tenant", job.tenant.slug),
                             ("period", message.period), ("attempt", "\(message.attempt)"), ("message_id", message.messageID),
                             ("redelivered", "\(item.delivery.redelivered)")]))
            var options = RunOptions(outDirectory: outDirectory)
            options.trigger = "worker"
            options.now = Date()
            result = runner.runOne(job, options: options)
        } catch {
            dropRunnerIfBroken()
            result.unavailable = ExitStatus.code(for: error) == ExitStatus.unavailable
            return verdict(.failed, "\(error)")
        }
        guard result.status != .failed else {
            dropRunnerIfBroken()
            return JobVerdict(item: item, kind: .failed, result: result)
        }
        var done = JobVerdict(item: item, kind: .done, result: result)
        do {
            let outbox = try runner.flushOutbox()
            done.published = outbox.published
            done.unpublished = outbox.failed
            done.outboxError = outbox.errors.first
        } catch {
            dropRunnerIfBroken()
            done.outboxError = "\(error)"
        }
        return done
    }

    /// The runner, connecting again when there is none (first job, or the last connection broke).
    private func liveRunner() throws -> ReportRunner {
        if let runner { return runner }
        let fresh = try ReportRunner(config: config)
        runner = fresh
        return fresh
    }

    private func dropRunnerIfBroken() {
        if let runner, !runner.pg.isConnected { self.runner = nil }
    }

    /// The tenant with `ref.id` (looked up by slug first, then by id in case the slug changed), or nil.
    private func tenant(_ ref: JobMessage.TenantRef, runner: ReportRunner) throws -> Tenant? {
        do {
            if let found = try runner.directory.tenants(slugs: [ref.slug]).first, found.id == ref.id { return found }
        } catch let error as ReportingError where error.code == .invalidInput {
            // Unknown slug: renamed, or gone.
        }
        return try runner.directory.tenants().first { $0.id == ref.id }
    }

    /// Marks `running` worker rows of this job as failed: with its lock held, no live worker is on them.
    private func failAbandoned(_ job: ReportJob, runner: ReportRunner) throws {
        try runner.pg.query("""
            UPDATE reporting.report_runs SET status = 'failed', finished_at = now(),
                   error = 'interrupted (the worker ended before the run finished)'
            WHERE definition = $1 AND organization_id = $2 AND period_label = $3 AND status = 'running' AND trigger = 'worker'
            """, [job.definition.name, job.tenant.id, job.period.label], purpose: "worker: fail runs of this job left by a killed worker")
    }
}
