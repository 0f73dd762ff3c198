import ArgumentParser
import Reporting
import ServerSetup

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the reporting schema, the ClickHouse tables, the InfluxDB database and the RabbitMQ exchange.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runCommand {
            let lines = try Migrator(config: try global.load()).run()
            for line in lines { print(line) }
            return ExitStatus.success
        }
    }
}
