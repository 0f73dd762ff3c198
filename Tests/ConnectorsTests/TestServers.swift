import Foundation
import Testing
@testable import Connectors

/// URLs of the real servers started by `scripts/services up` (overridable by the same env vars as the CLI).
enum TestServers {
    static var env: [String: String] { ProcessInfo.processInfo.environment }
    static var postgres: String { env["NINJAIT_PG_URL"] ?? "postgresql://ninjait:ninjait@127.0.0.1:55432/ninjait" }
    static var influx: String { env["NINJAIT_INFLUX_URL"] ?? "http://127.0.0.1:58086" }
    static var clickhouse: String { env["NINJAIT_CLICKHOUSE_URL"] ?? "http://127.0.0.1:58123" }
    static var amqp: String { env["NINJAIT_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:55672/" }

    /// A name unique to this test run, safe as a database or table name.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }

    /// Runs `body` and returns the `ConnectorError` it throws (a test failure if it throws nothing else).
    static func error(_ body: () throws -> Void) -> ConnectorError? {
        do {
            try body()
            Issue.record("expected a ConnectorError, nothing was thrown")
        } catch let error as ConnectorError {
            return error
        } catch {
            Issue.record("expected a ConnectorError, got \(error)")
        }
        return nil
    }
}
