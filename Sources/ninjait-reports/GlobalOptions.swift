import ArgumentParser
import Reporting

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (default ./ninjait-reports.yaml if present; env vars override it).")
    var configPath: String?

    func load() throws -> Configuration { try Configuration.load(path: configPath) }
}
