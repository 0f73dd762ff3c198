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
        try runCommand {
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
