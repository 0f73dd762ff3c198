import CCurl
import Foundation

/// Settings shared by the HTTP connectors (InfluxDB, ClickHouse).
public struct HTTPOptions: Sendable {
    /// Seconds to establish a TCP/TLS connection.
    public var connectTimeout: Int = 5
    /// Seconds a whole request may take (0 = no limit; streamed reads use `lowSpeedTime`).
    public var requestTimeout: Int = 600
    /// A transfer slower than 1 byte/s for this many seconds is a timeout.
    public var lowSpeedTime: Int = 60
    /// Retries for transient failures before any row was delivered.
    public var retry: RetryPolicy = RetryPolicy()
    /// TLS peer and host verification; on by default, never silently off.
    public var verifyTLS: Bool = true
    /// A CA bundle file for TLS verification, if not the system's.
    public var caFile: String? = nil

    public init() {}
}

/// A decoded HTTP request for `HTTPTransport`.
struct HTTPRequest {
    var url: String
    var method: String = "GET"
    var headers: [String] = []
    var body: [UInt8]? = nil
    var user: String? = nil
    var password: String? = nil
    var purpose: String
}

/// Runs HTTP requests over one reusable curl handle, streaming the body into a sink.
///
/// Non-2xx statuses, transport errors and timeouts become `ConnectorError`s naming the
/// server and the request's purpose; error bodies are kept (up to 8 KiB) for the message.
final class HTTPTransport {
    let curl: CurlHandle
    let server: String
    let options: HTTPOptions
    /// Response headers of the last request, names lower-cased.
    private(set) var lastHeaders: [String: String] = [:]

    init(server: String, options: HTTPOptions) throws {
        self.server = server
        self.options = options
        curl = try CurlHandle(server: server)
    }

    /// Sends `request`; 2xx body bytes go to `sink` as they arrive. Returns the HTTP status.
    @discardableResult
    func send(_ request: HTTPRequest, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        try curl.reset()
        try curl.set(CURLOPT_URL, string: request.url)
        try curl.set(CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
        try curl.set(CURLOPT_TIMEOUT, options.requestTimeout)
        try curl.set(CURLOPT_LOW_SPEED_LIMIT, 1)
        try curl.set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
        try curl.set(CURLOPT_SSL_VERIFYPEER, options.verifyTLS ? 1 : 0)
        try curl.set(CURLOPT_SSL_VERIFYHOST, options.verifyTLS ? 2 : 0)
        if let caFile = options.caFile { try curl.set(CURLOPT_CAINFO, string: caFile) }
        try curl.set(CURLOPT_TCP_KEEPALIVE, 1)
        if let user = request.user {
            try curl.set(CURLOPT_USERNAME, string: user)
            try curl.set(CURLOPT_PASSWORD, string: request.password ?? "")
        }
        let headers = CurlStringList(request.headers + ["Expect:"])
        try curl.set(CURLOPT_HTTPHEADER, list: headers)

        return try withExtendedLifetime(headers) {
          try withoutActuallyEscaping(sink) { sink in
            let state = TransferState(curl: curl, sink: sink)
            let unmanaged = Unmanaged.passRetained(state)
            defer { unmanaged.release() }
            try curl.setWriteFunction(httpWriteCallback)
            try curl.set(CURLOPT_WRITEDATA, pointer: unmanaged.toOpaque())
            try curl.setHeaderFunction(httpHeaderCallback)
            try curl.set(CURLOPT_HEADERDATA, pointer: unmanaged.toOpaque())

            let code: CURLcode
            if let body = request.body {
                code = try body.withUnsafeBytes { bytes -> CURLcode in
                    try curl.set(CURLOPT_POST, 1)
                    try curl.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count))
                    try curl.set(CURLOPT_POSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
                    return curl.perform()
                }
            } else {
                if request.method != "GET" { try curl.set(CURLOPT_CUSTOMREQUEST, string: request.method) }
                code = curl.perform()
            }
            lastHeaders = state.headers
            if let failure = state.failure { throw failure }
            let status = curl.responseCode
            guard code == CURLE_OK else { throw classify(code, request: request) }
            guard (200..<300).contains(status) else {
                let text = String(decoding: state.errorBody, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                let retryable = status == 429 || status == 502 || status == 503 || status == 504
                throw ConnectorError(retryable ? .unavailable : .serverError, server: server, purpose: request.purpose,
                                     message: "HTTP \(status)" + (text.isEmpty ? "" : ": \(text)"))
            }
            return status
          }
        }
    }

    private func classify(_ code: CURLcode, request: HTTPRequest) -> ConnectorError {
        let message = curl.message(for: code)
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return ConnectorError(.unavailable, server: server, purpose: request.purpose, message: message)
        case CURLE_OPERATION_TIMEDOUT:
            return ConnectorError(.timeout, server: server, purpose: request.purpose, message: message)
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR:
            return ConnectorError(.protocolError, server: server, purpose: request.purpose,
                                  message: "response cut short: \(message)")
        default:
            return ConnectorError(.protocolError, server: server, purpose: request.purpose, message: message)
        }
    }
}

/// Per-transfer state the C write callback reaches through its userdata pointer.
private final class TransferState {
    let curl: CurlHandle
    let sink: (UnsafeRawBufferPointer) throws -> Void
    var status = 0
    var errorBody: [UInt8] = []
    var failure: Error?
    var headers: [String: String] = [:]

    init(curl: CurlHandle, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.curl = curl
        self.sink = sink
    }
}

private let httpWriteCallback: ncurl_data_cb = { pointer, size, count, userdata in
    let total = size * count
    guard let userdata, let pointer else { return total }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    if state.status == 0 { state.status = state.curl.responseCode }
    let bytes = UnsafeRawBufferPointer(start: pointer, count: total)
    if !(200..<300).contains(state.status) {
        if state.errorBody.count < 8192 { state.errorBody.append(contentsOf: bytes.prefix(8192 - state.errorBody.count)) }
        return total
    }
    do {
        try state.sink(bytes)
        return total
    } catch {
        state.failure = error
        return 0 // aborts the transfer with CURLE_WRITE_ERROR
    }
}

private let httpHeaderCallback: ncurl_data_cb = { pointer, size, count, userdata in
    let total = size * count
    guard let userdata, let pointer else { return total }
    let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: total), as: UTF8.self)
    if line.hasPrefix("HTTP/") { state.headers.removeAll() }
    if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        state.headers[name] = value
    }
    return total
}
