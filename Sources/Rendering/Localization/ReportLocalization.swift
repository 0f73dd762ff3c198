import Foundation

/// The words of one locale: catalog lookups with English fallback, and `{name}` arguments.
///
/// Made by `MessageCatalogs.localization(for:)`. A key is looked up in the locale's catalogs,
/// then in English (`en.yaml`, then the built-in words); `text` of a key found nowhere is the
/// key itself, so a typo shows instead of vanishing. Values are formatted by a `ValueFormatter`
/// (`formatter(timeZone:)`), which is not `Sendable`: make one per render or per mail.
public struct ReportLocalization: Sendable {
    public let locale: ReportLocale
    let chain: [[String: String]]
    /// How many links of `chain` are the locale's own catalogs (`de-DE.yaml`, `de.yaml`; never `en.yaml`).
    let ownCount: Int

    init(locale: ReportLocale, chain: [[String: String]], ownCount: Int = 0) {
        self.locale = locale
        self.chain = chain
        self.ownCount = min(ownCount, chain.count)
    }

    /// The template of the first of `keys` the locale's own catalogs have, else `fallback`.
    ///
    /// For what a kind wrote (titles, labels, captions, notes, text values): its English stands
    /// unless the report's language has its own word, so English reports say what the kind says.
    public func own(_ keys: [String], fallback: String) -> String {
        for messages in chain.prefix(ownCount) {
            for key in keys { if let m = messages[key] { return m } }
        }
        return fallback
    }

    /// English only (the built-in words), for renderers given no catalogs.
    public static let builtInEnglish = MessageCatalogs().localization(for: .english)

    /// The template of `key`, or nil when no catalog (English included) has it.
    public func message(_ key: String) -> String? {
        for messages in chain { if let m = messages[key] { return m } }
        return nil
    }

    /// The first of `keys` any catalog has, else `fallback`.
    public func message(_ keys: [String], fallback: String) -> String {
        for key in keys { if let m = message(key) { return m } }
        return fallback
    }

    /// The text of `key` with every `{name}` replaced by `arguments[name]` (unknown names stay as written).
    public func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
        Self.fill(message(key) ?? key, arguments)
    }

    /// A model message: the locale's own template (else the kind's English text) with the arguments formatted by `formatter`.
    public func text(_ message: ReportMessage, formatter: ValueFormatter) -> String {
        let template = own([message.key], fallback: "")
        guard !template.isEmpty else { return message.english }
        var args: [String: String] = [:]
        for a in message.arguments { args[a.name] = formatter.text(a.value, a.format) }
        return Self.fill(template, args)
    }

    /// Number, date, duration and size formatting for this locale in `timeZone` (local times).
    public func formatter(timeZone: TimeZone) -> ValueFormatter {
        ValueFormatter(locale: locale, timeZone: timeZone, localization: self)
    }

    /// `template` with `{name}` replaced; `{{` and `}}` are literal braces.
    static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var i = template.startIndex
        while i < template.endIndex {
            let c = template[i]
            let next = template.index(after: i)
            if c == "{", next < template.endIndex, template[next] == "{" { out.append("{"); i = template.index(after: next); continue }
            if c == "}", next < template.endIndex, template[next] == "}" { out.append("}"); i = template.index(after: next); continue }
            if c == "{", let close = template[next...].firstIndex(of: "}") {
                let name = String(template[next..<close])
                if let value = arguments[name] { out += value } else { out += "{\(name)}" }
                i = template.index(after: close)
                continue
            }
            out.append(c)
            i = next
        }
        return out
    }
}
