import Foundation
import Testing
import ReportingTestSupport
@testable import Reporting

@Suite("Configuration: file, environment, secrets")
struct ConfigurationTests {
    func write(_ text: String) throws -> String {
        let dir = try TestEnvironment.temporaryDirectory()
        let path = dir.appendingPathComponent("ninjait-reports.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsMatchScriptsServices() throws {
        let config = try Configuration.load(path: nil, environment: [:])
        #expect(config.postgresURL == "postgresql://ninjait:ninjait@127.0.0.1:55432/ninjait")
        #expect(config.influxURL == "http://127.0.0.1:58086")
        #expect(config.clickhouseURL == "http://127.0.0.1:58123")
        #expect(config.amqpURL == "amqp://guest:guest@127.0.0.1:55672/")
    }

    @Test func fileThenEnvironment() throws {
        let path = try write("""
            influx_url: http://influx.example:8086
            clickhouse_database: analytics
            out_dir: /srv/reports
            """)
        let config = try Configuration.load(path: path, environment: ["NINJAIT_OUT_DIR": "/tmp/override"])
        #expect(config.influxURL == "http://influx.example:8086")
        #expect(config.clickhouseDatabase == "analytics")
        #expect(config.outDirectory == "/tmp/override")
    }

    @Test func unknownKeyNamesFileAndLine() throws {
        let path = try write("influx_url: http://x:1\n\nclickhouse_ulr: http://typo:1\n")
        let error = #expect(throws: ConfigurationError.self) { try Configuration.load(path: path, environment: [:]) }
        #expect(error?.file == path)
        #expect(error?.line == 3)
        #expect(error?.reason.contains("clickhouse_ulr") == true)
    }

    @Test func badURLNamesLineAndHidesPassword() throws {
        let path = try write("amqp_url: http://guest:hunter2@host:5672/\n")
        let error = #expect(throws: ConfigurationError.self) { try Configuration.load(path: path, environment: [:]) }
        #expect(error?.line == 1)
        #expect(error?.reason.contains("amqp") == true)
        #expect(!(error?.description.contains("hunter2") ?? true))
    }

    @Test func invalidYAMLNamesLine() throws {
        let path = try write("influx_url: http://x:1\nfoo: [unclosed\n")
        let error = #expect(throws: ConfigurationError.self) { try Configuration.load(path: path, environment: [:]) }
        #expect(error?.line != nil)
        #expect(error?.reason.contains("not valid YAML") == true)
    }

    @Test func passwordFromFileIsInjectedIntoURL() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let secret = dir.appendingPathComponent("pg-password")
        try "s3cret p@ss\n".write(to: secret, atomically: true, encoding: .utf8)
        let config = try Configuration.load(path: nil, environment: ["NINJAIT_PG_PASSWORD_FILE": secret.path])
        let components = URLComponents(string: config.postgresURL)!
        #expect(components.password?.removingPercentEncoding == "s3cret p@ss")
        #expect(components.user == "ninjait")
    }

    @Test func missingSecretFileIsAConfigurationError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try Configuration.load(path: nil, environment: ["NINJAIT_AMQP_PASSWORD_FILE": "/nonexistent/secret"])
        }
        #expect(error?.reason.contains("/nonexistent/secret") == true)
    }

    @Test func httpTimeoutsReachTheClients() throws {
        let config = try Configuration.load(path: nil, environment: ["NINJAIT_HTTP_TIMEOUT": "30", "NINJAIT_HTTP_STALL_TIMEOUT": "5", "NINJAIT_HTTP_ATTEMPTS": "2"])
        let options = Servers(config: config).httpOptions
        #expect(options.requestTimeout == 30)
        #expect(options.lowSpeedTime == 5)
        #expect(options.retry.attempts == 2)
        let error = #expect(throws: ConfigurationError.self) { try Configuration.load(path: nil, environment: ["NINJAIT_HTTP_TIMEOUT": "soon"]) }
        #expect(error?.reason.contains("NINJAIT_HTTP_TIMEOUT") == true)
    }
}
