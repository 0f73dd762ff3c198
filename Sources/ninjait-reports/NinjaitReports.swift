import ArgumentParser
import Foundation
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

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (default ./ninjait-reports.yaml if present; env vars override it).")
    var configPath: String?

    func load() throws -> Configuration { try Configuration.load(path: configPath) }
}

/// Runs a command body, printing the error and exiting with the documented code on failure.
func runCommand(_ body: () throws -> Int32) -> Never {
    do {
        exit(try body())
    } catch {
        FileHandle.standardError.write(Data("ninjait-reports: error: \(error)\n".utf8))
        exit(error is ValidationError ? ExitStatus.usage : ExitStatus.code(for: error))
    }
}
