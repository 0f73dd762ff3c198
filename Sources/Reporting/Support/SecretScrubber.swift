import Foundation

/// Removes secrets from text that leaves the process (ledger errors, `report.failed`, logs).
///
/// Two rules: every `scheme://user:password@` becomes `scheme://user@` (any URL, not only the
/// configured ones), and every password or token of the configuration (the URLs' passwords,
/// plain and percent-encoded, and the InfluxDB token) becomes `***` wherever it appears.
/// Secrets shorter than 4 characters are only removed from URLs (replacing them everywhere
/// would mangle ordinary words).
public struct SecretScrubber: Sendable {
    let secrets: [String]

    public init(secrets: [String]) {
        var all = Set<String>()
        for secret in secrets where secret.count >= 4 {
            all.insert(secret)
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed), encoded != secret { all.insert(encoded) }
        }
        // Longest first, so a secret containing another is replaced whole.
        self.secrets = all.sorted { $0.count > $1.count }
    }

    /// The secrets of `config`: the passwords of its server URLs and the InfluxDB token.
    ///
    /// A password equal to its URL's user name is not one (the user is shown anyway), so it is
    /// only removed from URLs, not from every word (development defaults like `ninjait:ninjait`).
    public init(config: Configuration) {
        let urls = [config.postgresURL, config.influxURL, config.clickhouseURL, config.amqpURL, config.smtpURL]
        var secrets: [String] = []
        for url in urls {
            guard let c = URLComponents(string: url), let password = c.password, password != c.user else { continue }
            secrets.append(password)
            if let encoded = c.percentEncodedPassword { secrets.append(encoded) }
        }
        if let token = config.influxToken { secrets.append(token) }
        self.init(secrets: secrets)
    }

    /// `text` without URL passwords and without any configured secret.
    public func scrub(_ text: String) -> String {
        var result = SecretScrubber.redactURLPasswords(text)
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    static let authorityEnds: Set<Character> = ["/", "?", "#", "\"", "'", ")", "]", ">"]

    /// Every `scheme://user:password@host` in `text` as `scheme://user:***@host`.
    static func redactURLPasswords(_ text: String) -> String {
        guard text.contains("://") else { return text }
        var output = ""
        var rest = Substring(text)
        while let marker = rest.range(of: "://") {
            output += rest[..<marker.upperBound]
            rest = rest[marker.upperBound...]
            // The authority ends at the first '/', '?', '#' or white space; a '@' inside it ends the user info.
            let end = rest.firstIndex(where: { (c: Character) -> Bool in c.isWhitespace || SecretScrubber.authorityEnds.contains(c) })
                ?? rest.endIndex
            let authority = rest[..<end]
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                let user = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                output += String(user) + (userInfo.contains(":") ? ":***" : "") + "@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }
}
