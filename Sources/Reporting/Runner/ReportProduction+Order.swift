import Analytics
import Foundation

extension ReportProduction {
    /// Produces one order, as a worker does for a queue job: no run lock, but the job's own.
    ///
    /// Looks the tenant up again (`invalid` when it is gone), takes the job's advisory lock
    /// without waiting (`busy` when another process has it), marks runs of this job and
    /// trigger that a killed process left `running` as failed (with the lock held nobody is on
    /// them), calls `started`, produces it like `run` does, releases the lock and flushes the
    /// outbox (after a success, or after a failure that queued its `report.failed`). Never throws: every failure is in the outcome, with `result.unavailable` set
    /// when a server was unreachable.
    public func produce(_ order: ReportOrder, options: RunOptions, started: (ReportJob) -> Void = { _ in }) -> ReportOrder.Outcome {
        let began = Date()
        var result = ReportResult(definition: order.definition.name, tenant: order.tenantSlug, period: order.period.label, status: .failed)
        func outcome(_ status: ReportOrder.Outcome.Status, _ error: String) -> ReportOrder.Outcome {
            result.error = error
            result.milliseconds = Int(Date().timeIntervalSince(began) * 1000)
            return ReportOrder.Outcome(status: status, result: result)
        }
        func failure(_ error: Error) -> ReportOrder.Outcome {
            dropRunnerIfBroken()
            result.unavailable = ExitStatus.code(for: error) == ExitStatus.unavailable
            return outcome(.failed, "\(error)")
        }
        let key = order.key
        let runner: ReportRunner
        let job: ReportJob
        do {
            runner = try liveRunner()
            guard let tenant = try tenant(id: order.tenantID, slug: order.tenantSlug, in: runner.directory) else {
                return outcome(.invalid, "tenant \(order.tenantSlug) (\(order.tenantID)) no longer exists")
            }
            result.tenant = tenant.slug
            let period = order.period.timeZone.identifier == tenant.timeZone.identifier ? order.period : order.period.inTimeZone(tenant.timeZone)
            job = ReportJob(definition: order.definition, tenant: tenant, period: period)
            guard try runner.pg.tryAdvisoryLock(key.lockKey, purpose: "\(options.trigger): take the lock of job \(key)") else {
                return outcome(.busy, "another worker is producing this report")
            }
        } catch {
            return failure(error)
        }
        do {
            defer { _ = try? runner.pg.advisoryUnlock(key.lockKey, purpose: "\(options.trigger): release the lock of job \(key)") }
            try runner.ledger.failInterrupted(key, trigger: options.trigger)
            started(job)
            result = runner.runOne(job, options: options)
        } catch {
            return failure(error)
        }
        var done = ReportOrder.Outcome(status: result.status == .failed ? .failed : .produced, result: result)
        guard result.status != .failed || result.failureQueued else {
            dropRunnerIfBroken()
            return done
        }
        do {
            done.outbox = try runner.flushOutbox()
        } catch {
            dropRunnerIfBroken()
            done.outboxError = "\(error)"
        }
        return done
    }

    /// The tenant with `id` (by slug first, then by id in case the slug changed), or nil.
    private func tenant(id: String, slug: String, in directory: TenantDirectory) throws -> Tenant? {
        do {
            if let found = try directory.tenants(slugs: [slug]).first, found.id == id { return found }
        } catch let error as ReportingError where error.code == .invalidInput {
            // Unknown slug: renamed, or gone.
        }
        return try directory.tenants().first { $0.id == id }
    }
}
