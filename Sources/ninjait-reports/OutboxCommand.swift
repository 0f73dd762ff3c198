import ArgumentParser
import Foundation
import Reporting

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Publish (flush) or list the report.ready notifications not yet confirmed by the broker.")

    enum Action: String, ExpressibleByArgument { case flush, list }

    @OptionGroup var global: GlobalOptions
    @Argument(help: "flush or list") var action: Action
    @Flag(help: "list: include published rows too.") var all = false

    func run() throws {
        runCommand {
            let config = try global.load()
            let publisher = OutboxPublisher(pg: try Servers(config: config).postgres(), amqpURL: config.amqpURL)
            switch action {
            case .flush:
                let outcome = try publisher.flush()
                print("outbox published=\(outcome.published) failed=\(outcome.failed)")
                for e in outcome.errors { FileHandle.standardError.write(Data("outbox: \(e)\n".utf8)) }
                return outcome.failed > 0 ? ExitStatus.someFailed : ExitStatus.success
            case .list:
                for e in try publisher.list(includePublished: all) {
                    let state = e.publishedAt.map { "published \(ISOTimestamp.string($0))" } ?? "pending"
                    print("\(e.messageID)  \(e.routingKey)  attempts=\(e.attempts)  \(state)\(e.lastError.map { "  last_error=\($0)" } ?? "")")
                }
                return ExitStatus.success
            }
        }
    }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List report runs from the ledger, newest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this tenant.") var tenant: String?
    @Option(help: "Only runs started on or after this date (YYYY-MM-DD).") var since: String?

    func run() throws {
        runCommand {
            let config = try global.load()
            let sinceDate = try CLIDates.day(since).map { Date(timeIntervalSince1970: Double($0.daysSinceEpoch * 86_400)) }
            let entries = try ReportLedger(pg: try Servers(config: config).postgres()).list(tenantSlug: tenant, since: sinceDate)
            for e in entries {
                let started = e.startedAt.map(ISOTimestamp.string) ?? "-"
                print("\(started)  \(e.status.padding(toLength: 10, withPad: " ", startingAt: 0)) \(e.definition) \(e.tenant) \(e.period) files=\(e.files) id=\(e.id)\(e.error.map { "  error=\($0)" } ?? "")")
            }
            return ExitStatus.success
        }
    }
}
