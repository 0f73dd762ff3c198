import CCurl

extension CurlMimePart {
    /// Extra header lines of this part (`Content-ID: <...>`); curl copies and owns the list. CR and LF are dropped.
    func setHeaders(_ lines: [String]) throws {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            let clean = SMTPHeader.clean(line)
            guard let next = curl_slist_append(list, clean) else {
                curl_slist_free_all(list)
                throw ConnectorError(.protocolError, server: server, purpose: "MIME part headers", message: "curl_slist_append failed")
            }
            list = next
        }
        let code = curl_mime_headers(part, list, 1)
        guard code == CURLE_OK else {
            curl_slist_free_all(list)
            throw ConnectorError(.protocolError, server: server, purpose: "MIME part headers", message: String(cString: curl_easy_strerror(code)))
        }
    }
}
