import Foundation

/// A client for InfluxDB's v1 HTTP API (`/query`, `/write`, `/ping`), also served by 2.x and 3.x.
///
/// Auth: v1 user/password from the URL (sent as HTTP basic auth) or a v2/v3 token (`Authorization: Token`).
/// Queries stream with `chunked=true`; an `"error"` inside a 200 response is thrown, never
/// read as an empty result. One instance owns one keep-alive connection; not thread-safe.
public final class InfluxClient {
    public let endpoint: Endpoint
    public let database: String
    let token: String?
    let transport: HTTPTransport
    let options: HTTPOptions
    /// Points per chunk InfluxDB sends when streaming.
    public var chunkSize = 10_000

    /// `url`: `http[s]://[user:password@]host:port[?db=metrics]`. Nothing is sent until the first call.
    public init(url: String, database: String? = nil, token: String? = nil, options: HTTPOptions = HTTPOptions()) throws {
        endpoint = try Endpoint(url, kind: "influxdb")
        self.database = database ?? endpoint.query.first(where: { $0.name == "db" })?.value ?? "metrics"
        self.token = token
        self.options = options
        transport = try HTTPTransport(server: "influxdb \(endpoint.redacted)", options: options)
    }

    var server: String { transport.server }

    func authorize(_ request: inout HTTPRequest) {
        if let token, !token.isEmpty {
            request.headers.append("Authorization: Token \(token)")
        } else if let user = endpoint.user {
            request.user = user
            request.password = endpoint.password ?? ""
        }
    }

    /// Checks the server answers `/ping`; returns its version from `X-Influxdb-Version`.
    public func ping() throws -> String {
        var request = HTTPRequest(url: endpoint.httpBase + "/ping", purpose: "ping")
        authorize(&request)
        try options.retry.run { try transport.send(request) { _ in } }
        return transport.lastHeaders["x-influxdb-version"] ?? "unknown"
    }

    /// Writes line-protocol `lines` (newline-separated) with the given timestamp precision (`s`, `ms`, `ns`...).
    public func write(_ lines: [UInt8], precision: String = "s", purpose: String) throws {
        var request = HTTPRequest(url: endpoint.httpBase + "/write?db=\(percentEncode(database))&precision=\(precision)",
                                  method: "POST", purpose: purpose)
        request.body = lines
        authorize(&request)
        try options.retry.run { try transport.send(request) { _ in } }
    }

    /// Runs a statement that returns nothing of interest (`CREATE DATABASE`, `DROP SERIES`...).
    public func execute(_ statement: String, purpose: String) throws {
        try query(statement, purpose: purpose) { _ in }
    }

    /// Streams the result of an InfluxQL query, one series chunk at a time.
    ///
    /// Times come as epoch numbers in `epoch` units (`s`, `ms`, ...). An `"error"` anywhere in
    /// the body, or a cut-short stream, throws with the server and `purpose`. Retries transient
    /// failures only before the first chunk arrived.
    public func query(_ statement: String, epoch: String = "s", purpose: String,
                      series: (InfluxSeriesChunk) throws -> Void) throws {
        var url = endpoint.httpBase + "/query?db=\(percentEncode(database))&epoch=\(epoch)"
        url += "&chunked=true&chunk_size=\(chunkSize)"
        var request = HTTPRequest(url: url, method: "POST", purpose: purpose)
        request.headers.append("Content-Type: application/x-www-form-urlencoded")
        request.body = Array(("q=" + percentEncode(statement)).utf8)
        authorize(&request)
        QueryLog.record(.influxdb, database: database, url: url, query: statement, purpose: purpose)
        var delivered = 0
        try options.retry.run(canRetry: { delivered == 0 }) {
            var splitter = JSONLineSplitter()
            try transport.send(request) { chunk in
                try splitter.feed(chunk) { line in
                    try InfluxResponseDecoder.decode(line, server: server, purpose: purpose) { piece in
                        delivered += 1
                        try series(piece)
                    }
                }
            }
            if let rest = splitter.finish() {
                try InfluxResponseDecoder.decode(rest, server: server, purpose: purpose) { piece in
                    delivered += 1
                    try series(piece)
                }
            }
        }
    }
}

/// Splits InfluxDB's chunked JSON stream (one JSON document per line) into lines.
struct JSONLineSplitter {
    private var pending: [UInt8] = []

    mutating func feed(_ chunk: UnsafeRawBufferPointer, line: ([UInt8]) throws -> Void) throws {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: 10) else {
                pending.append(contentsOf: chunk[start...])
                return
            }
            pending.append(contentsOf: chunk[start..<newline])
            if !pending.isEmpty { try line(pending) }
            pending.removeAll(keepingCapacity: true)
            start = newline + 1
        }
    }

    /// Whatever followed the last newline (a complete last document, or a truncated one).
    mutating func finish() -> [UInt8]? {
        defer { pending.removeAll() }
        let trimmed = pending.filter { $0 != 32 && $0 != 13 && $0 != 9 }
        return trimmed.isEmpty ? nil : pending
    }
}
