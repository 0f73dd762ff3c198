import Foundation

/// The language and regional formats of a report: a BCP 47 tag such as `de-DE`, `fr-FR`, `en-GB`.
///
/// Only `language[-Script][-REGION]` is accepted (`de`, `de-DE`, `sr-Latn-RS`, `es-419`), with an
/// ISO 639 language and an ISO 3166 region (or a UN M.49 area) that ICU knows; anything else is
/// `ReportLocale.ParseError`. The identifier is canonical: language lower case, script title case,
/// region upper case. The default of every tenant is `en-US`.
public struct ReportLocale: Hashable, Sendable, CustomStringConvertible {
    /// Why a tag was refused, in words an operator can act on.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// `en-US`, the locale of a tenant without a setting (and of a tenant whose setting is bad).
    public static let english = ReportLocale(language: "en", script: nil, region: "US")

    /// ISO 639 language code, lower case (`de`).
    public let language: String
    /// ISO 15924 script code, title case (`Latn`), if given.
    public let script: String?
    /// ISO 3166 region (`DE`) or UN M.49 area (`419`), if given.
    public let region: String?

    private init(language: String, script: String?, region: String?) {
        self.language = language
        self.script = script
        self.region = region
    }

    /// Parses and validates a BCP 47 tag; surrounding spaces are ignored, `_` is not a separator.
    public init(parsing text: String) throws(ParseError) {
        let tag = text.trimmingCharacters(in: .whitespaces)
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func bad(_ why: String) -> ParseError { ParseError(description: "'\(text)' is not a locale (\(why); e.g. en-US, de-DE, fr-FR)") }
        guard !tag.isEmpty else { throw bad("empty") }
        guard parts.count <= 3, parts.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) } }) else {
            throw bad("expected language[-Script][-REGION]")
        }
        let language = parts[0].lowercased()
        guard (2...3).contains(language.count), language.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else {
            throw bad("the language must be 2 or 3 letters")
        }
        guard Locale.LanguageCode.isoLanguageCodes.contains(Locale.LanguageCode(language)) else {
            throw bad("unknown language '\(language)'")
        }
        var script: String? = nil
        var region: String? = nil
        for part in parts.dropFirst() {
            let isLetters = part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
            if part.count == 4, isLetters, script == nil, region == nil {
                script = part.prefix(1).uppercased() + part.dropFirst().lowercased()
            } else if region == nil, (part.count == 2 && isLetters) || (part.count == 3 && part.allSatisfy(\.isNumber)) {
                let r = part.uppercased()
                guard part.count == 3 || Locale.Region.isoRegions.contains(Locale.Region(r)) else { throw bad("unknown region '\(part)'") }
                region = r
            } else {
                throw bad("expected language[-Script][-REGION]")
            }
        }
        self.init(language: language, script: script, region: region)
    }

    /// The canonical tag, e.g. `de-DE`; also the HTML `lang` attribute.
    public var identifier: String { [language, script, region].compactMap { $0 }.joined(separator: "-") }

    public var description: String { identifier }

    /// Foundation's locale of the tag (ICU data for numbers, dates, durations, sizes).
    public var foundation: Locale { Locale(identifier: identifier) }

    /// True where Letter is the usual paper size (United States and Canada); elsewhere A4.
    ///
    /// A tag without a region (`en`, `fr`) counts as A4.
    public var usesLetterPaper: Bool { PDFOptions.Paper.forLocale(identifier) == .letter }

    /// The catalog names to try, most specific first: `de-DE`, `de`.
    var catalogNames: [String] {
        var names: [String] = []
        if script != nil || region != nil { names.append(identifier) }
        if let script { names.append("\(language)-\(script)") }
        names.append(language)
        return names.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
