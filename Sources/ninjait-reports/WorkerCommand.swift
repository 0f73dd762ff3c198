import ArgumentParser
import Foundation
import JobQueue
import Reporting

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Consume the RabbitMQ work queue of enqueue and produce each report (run any number, on any machines).",
        discussion: """
            Consumes jobs_queue (default ninjait.reports.jobs) with prefetch --concurrency and runs that many \
            reports at once, each like run: skipped when it already succeeded, ledger and outbox row in one \
            transaction, acked only after that commit, then the outbox is flushed. A failed job comes back \
            through <queue>.retry.<N>s after --retry-delay seconds (4 times longer each time, at most an hour) \
            and goes to <queue>.dead after --max-attempts attempts; a job whose definition or tenant no longer \
            exists goes there at once. A PostgreSQL advisory lock per job keeps two workers off the same report. \
            SIGTERM or SIGINT: no new jobs, the running ones finish and are acked, exit 0. With --once it exits \
            when the work and retry queues are empty: 0, or 1 when a job went to the dead-letter queue or a \
            notification stayed in the outbox. 64 configuration error, 69 broker or PostgreSQL unavailable.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Reports produced at once (runner threads, and the consumer's prefetch).") var concurrency = 1
    @Option(help: "Attempts before a job goes to the dead-letter queue (default: job_max_attempts, 5).") var maxAttempts: Int?
    @Option(help: "Seconds before a failed job is tried again (4 times longer each further time, at most 3600).") var retryDelay = 30
    @Option(help: "Output directory (default: out_dir of the configuration).") var out: String?
    @Flag(help: "Exit when the work queue and the retry queues are empty and the running jobs are done.") var once = false

    func validate() throws {
        guard concurrency >= 1, concurrency <= 256 else { throw ValidationError("--concurrency must be between 1 and 256") }
        if let maxAttempts, maxAttempts < 1 || maxAttempts > 100 { throw ValidationError("--max-attempts must be between 1 and 100") }
        guard retryDelay >= 1, retryDelay <= 3600 else { throw ValidationError("--retry-delay must be between 1 and 3600 seconds") }
    }

    func run() async throws {
        try await runCommand {
            var options = WorkerOptions(config: try global.load())
            options.concurrency = concurrency
            if let maxAttempts { options.maxAttempts = maxAttempts }
            options.retryDelay = retryDelay
            options.once = once
            if let out { options.outDirectory = out }
            let outcome = try await WorkerService.serve(options: options)
            print(outcome.summaryLine)
            return once ? outcome.exitCode : ExitStatus.success
        }
    }
}
