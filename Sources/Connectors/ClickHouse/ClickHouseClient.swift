import Foundation

/// A client for ClickHouse's HTTP interface: streamed `TabSeparated` reads, TSV inserts, DDL.
///
/// One instance owns one keep-alive connection and is not thread-safe; make one per thread
/// for concurrent fetches. Credentials go in HTTP basic auth, never in the URL sent to the
/// server or in any error. Speaks only what ClickHouse 18.16 and current releases both accept.
public final class ClickHouseClient {
    /// `http[s]://[user[:password]@]host:port[/?database=db]`; the redacted form names the server in errors.
    public let endpoint: Endpoint
    public let database: String
    let transport: HTTPTransport
    let options: HTTPOptions

    /// Connects lazily: nothing is sent until the first query.
    public init(url: String, database: String? = nil, options: HTTPOptions = HTTPOptions()) throws {
        endpoint = try Endpoint(url, kind: "clickhouse")
        self.database = database ?? endpoint.query.first(where: { $0.name == "database" })?.value ?? "default"
        self.options = options
        transport = try HTTPTransport(server: "clickhouse \(endpoint.redacted)", options: options)
    }

    var server: String { transport.server }

    /// Runs a statement that returns no rows (DDL, `INSERT ... SELECT`, `ALTER`).
    public func execute(_ sql: String, purpose: String, database: String? = nil) throws {
        let sent = request(sql, purpose: purpose, database: database)
        QueryLog.recordWrite(.clickhouse, database: database ?? self.database, url: sent.url, statement: sql, body: nil, purpose: purpose)
        try options.retry.run {
            try transport.send(sent) { _ in }
            try checkExceptionCode(purpose: purpose)
        }
    }

    /// `X-ClickHouse-Exception-Code` other than 0 on a 2xx response is a failure too (every version sends it when a query fails).
    func checkExceptionCode(purpose: String) throws {
        guard let code = transport.lastHeaders["x-clickhouse-exception-code"], !code.isEmpty, code != "0" else { return }
        throw ConnectorError(.serverError, server: server, purpose: purpose, message: "the server reported exception code \(code)")
    }

    /// Streams the rows of `sql` (no FORMAT clause: `TabSeparated` is appended) into `row`.
    ///
    /// `columns` is the expected field count; a row with another count, or an exception that
    /// ClickHouse wrote into the body after streaming began, or a cut-short stream, throws —
    /// never a short result. Retries transient failures only before the first row arrived.
    /// Returns the number of rows.
    @discardableResult
    public func query(_ sql: String, columns: Int?, purpose: String, database: String? = nil,
                      row: (TSVRow) throws -> Void) throws -> Int {
        var delivered = 0
        let sent = request(sql + "\nFORMAT TabSeparated", purpose: purpose, database: database)
        QueryLog.record(.clickhouse, database: database ?? self.database, url: sent.url,
                        query: String(decoding: sent.body ?? [], as: UTF8.self), purpose: purpose)
        return try options.retry.run(canRetry: { delivered == 0 }) {
            var parser = TSVStreamParser(expectedColumns: columns)
            do {
                try transport.send(sent) { chunk in
                    try parser.feed(chunk) { tsv in
                        delivered += 1
                        try row(tsv)
                    }
                }
                try parser.finish(exceptionTag: transport.lastHeaders["x-clickhouse-exception-tag"])
                try checkExceptionCode(purpose: purpose)
            } catch let problem as TSVStreamParser.Problem {
                throw translate(problem, purpose: purpose)
            }
            return parser.rows
        }
    }

    /// Collects all rows of a small result as strings (metadata, versions, counts).
    public func queryStrings(_ sql: String, purpose: String, database: String? = nil) throws -> [[String]] {
        var rows: [[String]] = []
        try query(sql, columns: nil, purpose: purpose, database: database) { row in
            rows.append((0..<row.count).map { row.string($0) })
        }
        return rows
    }

    /// Formats of an insert body.
    public enum InsertFormat: String, Sendable {
        case tabSeparated = "TabSeparated"
        /// Built with `ClickHouseRowBinary`: exact floats, no text to format or parse.
        case rowBinary = "RowBinary"
    }

    /// Inserts a TSV body (rows built with `ClickHouseLiteral.appendTSV`, tab-separated, newline-ended).
    public func insert(into table: String, columns: [String], tsv body: [UInt8], purpose: String) throws {
        try insert(into: table, columns: columns, format: .tabSeparated, body: body, purpose: purpose)
    }

    /// Inserts a body in `format`; retried as a whole on transient failures (a retry of the
    /// same body into a `MergeTree` is not deduplicated: callers make inserts idempotent by day).
    public func insert(into table: String, columns: [String], format: InsertFormat, body: [UInt8], purpose: String) throws {
        let cols = columns.map(ClickHouseLiteral.identifier).joined(separator: ", ")
        let sql = "INSERT INTO \(ClickHouseLiteral.identifier(table)) (\(cols)) FORMAT \(format.rawValue)\n"
        var payload = Array(sql.utf8)
        payload.append(contentsOf: body)
        QueryLog.recordWrite(.clickhouse, database: database, url: request("", purpose: purpose, database: nil).url,
                             statement: sql, body: body, purpose: purpose)
        try options.retry.run {
            var req = request("", purpose: purpose, database: nil)
            req.body = payload
            try transport.send(req) { _ in }
            try checkExceptionCode(purpose: purpose)
        }
    }

    /// The server's version string, e.g. `18.16.1`.
    public func version() throws -> String {
        try queryStrings("SELECT version()", purpose: "version check", database: "default").first?.first ?? "unknown"
    }

    func request(_ sql: String, purpose: String, database: String?) -> HTTPRequest {
        var url = endpoint.httpBase + "/?database=" + percentEncode(database ?? self.database)
        // An exception after streaming began can only be detected in the body; a small send
        // buffer keeps memory flat on long results.
        url += "&max_result_rows=0"
        var req = HTTPRequest(url: url, method: "POST", purpose: purpose)
        req.body = Array(sql.utf8)
        if let user = endpoint.user {
            req.user = user
            req.password = endpoint.password ?? ""
        }
        return req
    }

    private func translate(_ problem: TSVStreamParser.Problem, purpose: String) -> ConnectorError {
        switch problem {
        case .exception(let text):
            return ConnectorError(.serverError, server: server, purpose: purpose,
                                  message: "exception after the result began streaming: \(text)")
        case .fieldCount(let expected, let got, let line):
            return ConnectorError(.protocolError, server: server, purpose: purpose,
                                  message: "row has \(got) fields, expected \(expected): \(line)")
        case .truncated(let tail):
            return ConnectorError(.protocolError, server: server, purpose: purpose,
                                  message: "response cut short mid-row: \(tail)")
        }
    }
}

func percentEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}
