import Analytics
import ArgumentParser
import Foundation
import JobQueue
import Reporting

struct EnqueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Plan like nightly (rollup first), but publish one job per report to the RabbitMQ work queue for workers.",
        discussion: """
            Publishes one durable, persistent ninjait.report.job/v2 message per (definition, tenant, period) \
            due on the date (and the --catch-up-days dates before it) in each tenant's time zone, to the queue \
            jobs_queue (default ninjait.reports.jobs, dead-lettering to <queue>.dead), with publisher confirms. \
            The message carries the period resolved in the tenant's zone; its message_id is derived from (definition, tenant id, period), so a duplicate is recognisable; \
            workers skip what already succeeded. Holds the run lock like nightly. Exit codes: 0 all enqueued; \
            1 some jobs were not confirmed or a rollup failed; 64 usage or configuration error; 69 the broker \
            (or PostgreSQL) is unavailable; 75 another run holds the lock.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The date the jobs are planned for, YYYY-MM-DD (default: today, UTC).", transform: CivilDate.parse(argument:))
    var date: CivilDate?
    @Option(help: "Also plan this many earlier dates (what already succeeded is skipped by the workers).") var catchUpDays = 3
    @Flag(help: "Do not roll up the finished UTC days first.") var noRollup = false

    func validate() throws {
        guard catchUpDays >= 0, catchUpDays <= 366 else { throw ValidationError("--catch-up-days must be between 0 and 366") }
    }

    func run() throws {
        try runCommand {
            let config = try global.load()
            let day = date ?? .todayUTC()
            let bar = ProgressBar(title: "enqueue \(day)")
            let outcome = try JobEnqueuer(config: config).run(date: day, catchUpDays: catchUpDays, rollUp: !noRollup) { done, total, label in
                bar.update(done: done, total: total, label: label)
            }
            bar.finish()
            for line in outcome.rollups { print("level=info msg=\(line)") }
            print("summary jobs=\(outcome.jobs.count) enqueued=\(outcome.enqueued) failed=\(outcome.failed) "
                  + "queue=\(config.jobsQueue) rollups=\(outcome.rollups.count) rollup_errors=\(outcome.rollupErrors.count)")
            for error in outcome.rollupErrors { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
            for error in outcome.errors { FileHandle.standardError.write(Data("enqueue: \(error)\n".utf8)) }
            return outcome.exitCode
        }
    }
}
