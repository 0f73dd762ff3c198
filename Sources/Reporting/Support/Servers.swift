import Connectors
import Foundation

/// Opens clients for the configured servers; each call returns a new client (one per thread).
public struct Servers: Sendable {
    public let config: Configuration

    public init(config: Configuration) { self.config = config }

    var httpOptions: HTTPOptions {
        var options = HTTPOptions()
        options.verifyTLS = config.verifyTLS
        options.requestTimeout = config.httpTimeout
        options.lowSpeedTime = config.httpStallTimeout
        options.retry = RetryPolicy(attempts: config.httpAttempts)
        return options
    }

    public func postgres() throws -> PostgresClient { try PostgresClient(url: config.postgresURL) }

    public func influx() throws -> InfluxClient {
        try InfluxClient(url: config.influxURL, database: config.influxDatabase, token: config.influxToken, options: httpOptions)
    }

    public func clickhouse() throws -> ClickHouseClient {
        try ClickHouseClient(url: config.clickhouseURL, database: config.clickhouseDatabase, options: httpOptions)
    }
}
