import ArgumentParser
import Reporting
import ServerSetup

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read the configuration, reach every server, print versions and what is missing.",
        discussion: "Exit 0 if all is well, 69 if a server is unreachable, 64 for a bad configuration, 1 if something is missing.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try runCommand {
            let config = try global.load()
            print("config      \(config.source)")
            let checkup = Checkup(config: config)
            for s in checkup.servers {
                let name = s.name.padding(toLength: 11, withPad: " ", startingAt: 0)
                let state = s.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                print("\(name) \(state) \((s.version ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)) \(s.endpoint)  \(s.detail)")
            }
            switch checkup.definitions {
            case .success(let definitions):
                print("definitions ok           \(definitions.count) in \(config.reportsDirectory): \(definitions.map(\.name).joined(separator: ", "))")
            case .failure(let error):
                print("definitions  invalid      \(error)")
            }
            // Service calendars: every bad one, one line each.
            if let problems = checkup.calendarProblems {
                if problems.isEmpty { print("calendars   ok") }
                for p in problems { print("calendars   invalid      \(p)") }
            }
            for line in checkup.catalogLines { print(line) }
            return checkup.exitCode
        }
    }
}
