import CCurl
import Foundation

/// Owns one libcurl easy handle (and its error buffer); reused across requests for keep-alive.
///
/// Not thread-safe: one handle per thread. Every libcurl return code becomes a thrown
/// `ConnectorError` carrying curl's own message.
final class CurlHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    let server: String

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    init(server: String) throws {
        self.server = server
        guard CurlHandle.globalInit == CURLE_OK else {
            throw ConnectorError(.unavailable, server: server, purpose: "libcurl initialisation",
                                 message: String(cString: curl_easy_strerror(CurlHandle.globalInit)))
        }
        guard let handle = curl_easy_init() else {
            throw ConnectorError(.unavailable, server: server, purpose: "libcurl initialisation",
                                 message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears the options of the previous request but keeps live connections.
    func reset() throws {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
    }

    func set(_ option: CURLoption, _ value: Int) throws {
        try check(ncurl_setopt_long(handle, option, value), "setting option \(option.rawValue)")
    }

    func set(_ option: CURLoption, string value: String) throws {
        // libcurl copies string options (since 7.17), so the C string need only live for the call.
        try value.withCString { try check(ncurl_setopt_string(handle, option, $0), "setting option \(option.rawValue)") }
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws {
        try check(ncurl_setopt_pointer(handle, option, value), "setting option \(option.rawValue)")
    }

    func set(_ option: CURLoption, list: CurlStringList) throws {
        try check(ncurl_setopt_slist(handle, option, list.head), "setting option \(option.rawValue)")
    }

    func set(_ option: CURLoption, offset value: Int64) throws {
        try check(ncurl_setopt_off(handle, option, curl_off_t(value)), "setting option \(option.rawValue)")
    }

    func setWriteFunction(_ callback: ncurl_data_cb) throws {
        try check(ncurl_setopt_writefunction(handle, callback), "setting the write callback")
    }

    func setHeaderFunction(_ callback: ncurl_data_cb) throws {
        try check(ncurl_setopt_headerfunction(handle, callback), "setting the header callback")
    }

    func setReadFunction(_ callback: ncurl_data_cb) throws {
        try check(ncurl_setopt_readfunction(handle, callback), "setting the read callback")
    }

    /// The debug callback (needs `CURLOPT_VERBOSE` 1); SMTP reads the server's replies through it.
    func setDebugFunction(_ callback: ncurl_debug_cb) throws {
        try check(ncurl_setopt_debugfunction(handle, callback), "setting the debug callback")
    }

    /// SMTP: go on with the recipients the server accepted when it refuses some (fails only if it refuses all).
    func setMailRecipientsAllowFails(_ allow: Bool) throws {
        try check(ncurl_setopt_mail_rcpt_allowfails(handle, allow ? 1 : 0), "setting MAIL_RCPT_ALLOWFAILS")
    }

    func setMime(_ mime: CurlMime) throws {
        try check(ncurl_setopt_mimepost(handle, mime.mime), "setting the MIME body")
    }

    /// Creates a MIME body bound to this handle (for SMTP).
    func makeMime() throws -> CurlMime {
        guard let mime = curl_mime_init(handle) else {
            throw ConnectorError(.protocolError, server: server, purpose: "MIME", message: "curl_mime_init failed")
        }
        return CurlMime(mime: mime, server: server)
    }

    /// Runs the transfer; returns the raw curl code so callers can classify it.
    func perform() -> CURLcode {
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    var responseCode: Int {
        var code = 0
        _ = ncurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// curl's detailed message for the last failure, or the generic text of `code`.
    func message(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
    }

    private func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw ConnectorError(.protocolError, server: server, purpose: what,
                                 message: String(cString: curl_easy_strerror(code)))
        }
    }
}

/// Owns a `curl_slist` (request headers, SMTP recipients) for as long as a transfer uses it.
final class CurlStringList {
    private(set) var head: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String] = []) {
        for item in items { append(item) }
    }

    func append(_ item: String) {
        // curl_slist_append copies the string.
        if let next = item.withCString({ curl_slist_append(head, $0) }) { head = next }
    }

    deinit { curl_slist_free_all(head) }
}

/// Owns a `curl_mime` body; it must outlive the transfer that uses it.
///
/// A body nested into a part with `CurlMimePart.setSubparts` belongs to that part from then on
/// (curl frees it with its parent), so this object no longer frees it.
final class CurlMime {
    let mime: OpaquePointer
    let server: String
    private var owned = true

    init(mime: OpaquePointer, server: String) {
        self.mime = mime
        self.server = server
    }

    deinit { if owned { curl_mime_free(mime) } }

    /// Appends a new, empty part; it lives as long as this body.
    func addPart() throws -> CurlMimePart {
        guard let part = curl_mime_addpart(mime) else {
            throw ConnectorError(.protocolError, server: server, purpose: "MIME", message: "curl_mime_addpart failed")
        }
        return CurlMimePart(part: part, server: server)
    }

    /// Hands ownership to a parent part (see `CurlMimePart.setSubparts`).
    fileprivate func relinquish() { owned = false }
}

/// One part of a `CurlMime` body (not owned: curl frees it with its body). Every setter copies its value.
struct CurlMimePart {
    let part: OpaquePointer
    let server: String

    /// The part's content; curl copies the bytes.
    func setData(_ bytes: Data) throws {
        let code: CURLcode = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return curl_mime_data(part, "", 0) }
            return curl_mime_data(part, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        try check(code, "MIME part data")
    }

    /// `Content-Type`, e.g. `text/html; charset=utf-8`.
    func setType(_ type: String) throws {
        try type.withCString { try check(curl_mime_type(part, $0), "MIME part type") }
    }

    /// Transfer encoding: `base64`, `quoted-printable`, `7bit`, `8bit` or `binary`.
    func setEncoder(_ encoder: String) throws {
        try encoder.withCString { try check(curl_mime_encoder(part, $0), "MIME part encoder") }
    }

    /// The file name in `Content-Disposition: attachment; filename="..."`.
    func setFilename(_ name: String) throws {
        try name.withCString { try check(curl_mime_filename(part, $0), "MIME part file name") }
    }

    /// Makes `body` this part's content (e.g. a `multipart/alternative`); the part owns it from now on.
    func setSubparts(_ body: CurlMime) throws {
        try check(curl_mime_subparts(part, body.mime), "MIME sub-parts")
        body.relinquish()
    }

    private func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else {
            throw ConnectorError(.protocolError, server: server, purpose: what, message: String(cString: curl_easy_strerror(code)))
        }
    }
}
