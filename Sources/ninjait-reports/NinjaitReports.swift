import ArgumentParser
import Reporting

@main
struct NinjaitReports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ninjait-reports",
        abstract: "Batch analytics and report generator of the NinjaIT remote-monitoring platform.",
        discussion: """
            Exit codes: 0 all done; 1 some reports failed (the others are written and published); \
            64 usage or configuration error; 69 a server unavailable; 75 another run holds the lock.
            """,
        version: ReportingVersion.current,
        subcommands: [MigrateCommand.self, CheckCommand.self, SeedCommand.self, RollupCommand.self, RunCommand.self, NightlyCommand.self, OutboxCommand.self, RunsCommand.self, MailerCommand.self, EnqueueCommand.self, WorkerCommand.self]
    )
}
