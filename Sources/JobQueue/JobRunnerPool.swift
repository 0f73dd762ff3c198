import Foundation
import Reporting

/// K runner threads, each with its own `JobExecutor`: jobs go in through `submit`, verdicts come out of `verdicts`.
///
/// Only the consumer thread talks to RabbitMQ; the runner threads talk to PostgreSQL,
/// InfluxDB, ClickHouse and the disk. `shutdown()` lets each thread finish its current job,
/// then joins them all.
final class JobRunnerPool: Sendable {
    let verdicts = JobMailbox<JobVerdict>()
    private let inbox = JobMailbox<JobWorkItem>()
    private let finished = DispatchGroup()

    init(count: Int, config: Configuration, outDirectory: String, maxAttempts: Int, log: @escaping @Sendable (String) -> Void) {
        for index in 0..<max(1, count) {
            finished.enter()
            let inbox = inbox, verdicts = verdicts, finished = finished
            let thread = Thread {
                let executor = JobExecutor(config: config, outDirectory: outDirectory, maxAttempts: maxAttempts, log: log)
                while let item = inbox.take(timeout: nil) {
                    verdicts.put(executor.execute(item))
                }
                finished.leave()
            }
            thread.name = "ninjait-reports runner \(index + 1)"
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Hands a job to the next free runner thread.
    func submit(_ item: JobWorkItem) { inbox.put(item) }

    /// Stops taking jobs and waits until every runner thread has finished its current one.
    func shutdown() {
        inbox.close()
        finished.wait()
    }
}
