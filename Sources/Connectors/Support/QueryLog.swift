import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An opt-in log of the read queries the HTTP connectors send, for benchmarks that replay
/// them with `curl` (`scripts/bench fleet` measures the fetch floor that way).
///
/// Off unless the environment variable `NINJAIT_QUERY_LOG` names a file. Then every read
/// query of `ClickHouseClient.query` and `InfluxClient.query` appends one JSON line:
///
/// ```json
/// {"server":"clickhouse","database":"ninjait","url":"http://127.0.0.1:58123/?database=ninjait&max_result_rows=0",
///  "query":"SELECT ... FORMAT TabSeparated","purpose":"metric rollups of tenant acme"}
/// ```
///
/// `url` is the request URL exactly as sent (scheme, host, port, path and parameters; it never
/// holds credentials: the clients send those as headers). `query` is the statement as the
/// server receives it (for ClickHouse the POST body; for InfluxDB the `q` form field). Writes
/// and statements that are not reads (`CREATE`, `DROP`, `ALTER`...) are not logged, unless
/// `NINJAIT_QUERY_LOG_WRITES=1` also asks for ClickHouse's: then DDL, `ALTER` and inserts are
/// logged too with `"kind":"write"` (an insert's data as `body`, base64), so a compatibility
/// test can replay everything the project sends on another ClickHouse engine. The file
/// is opened with `O_APPEND` and each line goes out in a single `write(2)`, so concurrent
/// processes never interleave lines. A log that cannot be written is skipped silently: it
/// never fails a query.
public enum QueryLog {
    /// The environment variable naming the log file.
    public static let variable = "NINJAIT_QUERY_LOG"
    /// Set to `1` to log ClickHouse writes too.
    public static let writesVariable = "NINJAIT_QUERY_LOG_WRITES"

    /// Which connector sent a query.
    public enum Server: String, Sendable {
        case clickhouse
        case influxdb
    }

    /// One logged query, as read back from the file.
    public struct Entry: Codable, Sendable, Equatable {
        public var server: String
        public var database: String
        public var url: String
        public var query: String
        public var purpose: String
        /// `write` for a logged write; absent for a read.
        public var kind: String? = nil
        /// An insert's data, base64 (absent for statements without data).
        public var body: String? = nil
    }

    /// The log file, or nil when logging is off.
    public static var path: String? {
        guard let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }

    /// Appends one line for a read query when the log is on.
    static func record(_ server: Server, database: String, url: String, query: @autoclosure () -> String, purpose: String) {
        guard let path else { return }
        let query = query()
        guard isRead(query) else { return }
        append(Entry(server: server.rawValue, database: database, url: url, query: query, purpose: purpose), to: path)
    }

    /// Appends one line for a write (DDL, `ALTER`, an insert with its data) when writes are logged too.
    static func recordWrite(_ server: Server, database: String, url: String, statement: @autoclosure () -> String,
                            body: @autoclosure () -> [UInt8]?, purpose: String) {
        guard let path, let flag = getenv(writesVariable), String(cString: flag) == "1" else { return }
        let data = body().map { Data($0).base64EncodedString() }
        append(Entry(server: server.rawValue, database: database, url: url, query: statement(), purpose: purpose, kind: "write", body: data),
               to: path)
    }

    private static func append(_ entry: Entry, to path: String) {
        guard var line = try? line(entry) else { return }
        line.append(10)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // O_APPEND with one write per line: lines of concurrent writers never interleave.
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The JSON of one entry, keys in a fixed order.
    static func line(_ entry: Entry) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(entry))
    }

    /// Reads a log back (for tests and tools); lines that do not decode are skipped.
    public static func entries(at path: String) throws -> [Entry] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(Entry.self, from: Data($0.utf8)) }
    }

    /// Whether a statement reads (`SELECT`, `WITH`, `SHOW`, `DESCRIBE`, `EXPLAIN`): only those are logged.
    static func isRead(_ statement: String) -> Bool {
        let word = statement.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "(" }
            .prefix { $0.isLetter }.uppercased()
        return ["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN"].contains(word)
    }
}
