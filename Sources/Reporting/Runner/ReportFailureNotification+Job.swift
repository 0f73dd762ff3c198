import Foundation

extension ReportFailureNotification {
    /// The notification of `job`'s failed run `runID`, in the tenant's zone like `report.ready`.
    init(job: ReportJob, runID: UUID, attempts: Int, failedAt: Date, error: Failure) {
        self.init(runId: runID.uuidString.lowercased(), definition: job.definition.name, kind: job.definition.kind.rawValue,
                  title: job.definition.title,
                  tenant: .init(id: job.tenant.id, slug: job.tenant.slug, name: job.tenant.name),
                  period: .init(label: job.period.label, start: ISOTimestamp.string(job.period.start),
                                end: ISOTimestamp.string(job.period.end), timezone: job.tenant.timeZoneName),
                  failedAt: ISOTimestamp.string(failedAt), attempts: attempts, error: error)
    }
}
