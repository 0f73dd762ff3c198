import CLibPQ
import Foundation

/// One libpq connection: parameterized queries only, transactions, advisory locks.
///
/// Owns its `PGconn` and closes it in `deinit`. Not thread-safe: one per thread. The session
/// runs with `TimeZone=UTC` and `DateStyle=ISO`. Errors name the server (without password),
/// the query's purpose, PostgreSQL's message and its SQLSTATE.
public final class PostgresClient {
    private var connection: OpaquePointer?
    public let endpoint: Endpoint
    let server: String
    private var transactionDepth = 0

    /// Connects now; `url` is a `postgresql://` URL (or any libpq connection string with `kind` parsing skipped).
    public init(url: String, connectTimeout: Int = 5, applicationName: String = "ninjait-reports") throws {
        endpoint = try Endpoint(url, kind: "postgres")
        server = "postgres \(endpoint.redacted)"
        let keywords = ["dbname", "connect_timeout", "application_name", "options"]
        let values = [url, String(connectTimeout), applicationName, "-c TimeZone=UTC -c DateStyle=ISO"]
        connection = PostgresClient.withCStrings(keywords) { keys in
            PostgresClient.withCStrings(values) { vals in PQconnectdbParams(keys, vals, 1) }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { PostgresClient.message(PQerrorMessage($0)) } ?? "out of memory"
            throw ConnectorError(.unavailable, server: server, purpose: "connect", message: Endpoint.redact(message))
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    /// The server's version, e.g. `15.18`.
    public var serverVersion: String {
        guard let connection else { return "unknown" }
        let v = Int(PQserverVersion(connection))
        return "\(v / 10000).\(v % 10000)"
    }

    /// Runs one parameterized statement (`$1`, `$2`, ...) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresEncodable] = [], purpose: String) throws -> PostgresResult {
        guard let connection else {
            throw ConnectorError(.unavailable, server: server, purpose: purpose, message: "connection closed")
        }
        let texts = parameters.map { $0.postgresValue.text }
        let raw = PostgresClient.withOptionalCStrings(texts) { values in
            sql.withCString { PQexecParams(connection, $0, Int32(texts.count), nil, values, nil, nil, 0) }
        }
        guard let raw else {
            throw ConnectorError(PQstatus(connection) == CONNECTION_OK ? .serverError : .unavailable,
                                 server: server, purpose: purpose, message: PostgresClient.message(PQerrorMessage(connection)))
        }
        let status = PQresultStatus(raw)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let message = PostgresClient.message(PQresultErrorMessage(raw))
            let state = PQresultErrorField(raw, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            PQclear(raw)
            let lost = PQstatus(connection) != CONNECTION_OK || state?.hasPrefix("08") == true || state?.hasPrefix("57P") == true
            throw ConnectorError(lost ? .unavailable : .serverError, server: server, purpose: purpose,
                                 message: message, underlying: state.map { "SQLSTATE \($0)" })
        }
        return PostgresResult(raw)
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws. Nested calls join the outer one.
    @discardableResult
    public func transaction<T>(purpose: String, _ body: () throws -> T) throws -> T {
        if transactionDepth > 0 { return try body() }
        try query("BEGIN", purpose: "\(purpose) (begin)")
        transactionDepth = 1
        defer { transactionDepth = 0 }
        do {
            let value = try body()
            try query("COMMIT", purpose: "\(purpose) (commit)")
            return value
        } catch {
            _ = try? query("ROLLBACK", purpose: "\(purpose) (rollback)")
            throw error
        }
    }

    /// Takes a session-level advisory lock if free; false if another session holds it.
    public func tryAdvisoryLock(_ key: Int64, purpose: String) throws -> Bool {
        try query("SELECT pg_try_advisory_lock($1)", [key], purpose: purpose).bool(0, 0) == true
    }

    /// Releases a session-level advisory lock taken by this connection.
    @discardableResult
    public func advisoryUnlock(_ key: Int64, purpose: String) throws -> Bool {
        try query("SELECT pg_advisory_unlock($1)", [key], purpose: purpose).bool(0, 0) == true
    }

    /// Whether the connection is still usable (a cheap local check, no round trip).
    public var isConnected: Bool { connection.map { PQstatus($0) == CONNECTION_OK } ?? false }

    private static func message(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Lays `strings` out NUL-terminated in one buffer and passes C pointers into it; they live only inside `body`.
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalCStrings(strings.map { Optional($0) }) { pointers in
            body(pointers)
        } 
    }

    static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        var storage: [CChar] = []
        var offsets: [Int?] = []
        for string in strings {
            guard let string else { offsets.append(nil); continue }
            offsets.append(storage.count)
            storage.append(contentsOf: string.utf8.map { CChar(bitPattern: $0) })
            storage.append(0)
        }
        if storage.isEmpty { storage.append(0) }
        return storage.withUnsafeBufferPointer { buffer in
            var pointers: [UnsafePointer<CChar>?] = offsets.map { $0.map { buffer.baseAddress! + $0 } }
            pointers.append(nil)
            return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
        }
    }
}
