import Connectors
import Foundation
import Rendering
import Testing
@testable import Reporting

/// Any error becomes server + purpose + a message without secrets (hand-written expectations).
@Suite("report.failed error: server, purpose, scrubbed message")
struct FailureCauseTests {
    @Test func urlPasswordsAndConfiguredSecretsAreScrubbedEverywhere() {
        var config = Configuration()
        config.clickhouseURL = "http://default:Ch-Pa55word@127.0.0.1:8123"
        config.influxToken = "tok-1234567"
        let scrubber = SecretScrubber(config: config)
        #expect(scrubber.scrub("GET https://bob:x1y2@h.example/q and amqp://u:p@mq") == "GET https://bob:***@h.example/q and amqp://u:***@mq")
        #expect(scrubber.scrub("denied (password Ch-Pa55word, token tok-1234567)") == "denied (password ***, token ***)")
        #expect(scrubber.scrub("postgresql://ninjait:ninjait@db/ninjait") == "postgresql://ninjait:***@db/ninjait",
                "a password equal to its user is removed from URLs, not from every word")
        #expect(scrubber.scrub("no secret here") == "no secret here")
    }

    @Test func everyErrorTypeNamesItsServerAndPurpose() {
        let scrubber = SecretScrubber(secrets: ["s3cret-pw"])
        let connector = ConnectorError(.serverError, server: "clickhouse http://default@127.0.0.1:8123", purpose: "rolled-up days",
                                       message: "HTTP 500: user default:s3cret-pw@ refused", underlying: "curl 22")
        #expect(FailureCause.of(connector, scrubber: scrubber)
                == .init(server: "clickhouse", purpose: "rolled-up days",
                         message: "HTTP 500: user default:***@ refused (curl 22) [http://default@127.0.0.1:8123]"))
        let pg = ConnectorError(.unavailable, server: "postgres postgresql://ninjait@db:5432/ninjait", purpose: "ledger: record failure", message: "gone")
        #expect(FailureCause.of(pg, scrubber: scrubber).server == "postgresql")
        #expect(FailureCause.of(RenderingError(.io, "writing /x/a.csv: No space left on device"), scrubber: scrubber)
                == .init(server: "filesystem", purpose: "render the report (io)", message: "writing /x/a.csv: No space left on device"))
        #expect(FailureCause.of(ReportingError(.io, "cannot publish /srv/x", underlying: "EXDEV"), scrubber: scrubber)
                == .init(server: "filesystem", purpose: "write the report", message: "cannot publish /srv/x (EXDEV)"))
        struct Other: Error {}
        #expect(FailureCause.of(Other(), scrubber: scrubber).server == "reporting")
    }
}
