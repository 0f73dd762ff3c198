import Foundation

/// The catalogs of a templates directory (`<templates>/i18n/*.yaml`), by file stem.
///
/// `localization(for:)` chains, most specific first, `de-DE.yaml`, `de.yaml`, `en.yaml` and the
/// built-in English words, so a key missing from a catalog falls back to English. A templates
/// directory without `i18n/` has only the built-in English words: every report is English.
public struct MessageCatalogs: Sendable {
    public let catalogs: [String: MessageCatalog]
    /// The folder the catalogs came from (nil: none).
    public let directory: String?

    /// No files: only the built-in English words.
    public init() {
        self.catalogs = [:]
        self.directory = nil
    }

    public init(catalogs: [MessageCatalog], directory: String? = nil) {
        self.catalogs = Dictionary(catalogs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.directory = directory
    }

    /// Loads every `*.yaml` of `<templatesDirectory>/i18n`; a missing folder is no catalog, a bad file throws.
    public static func load(templatesDirectory: URL) throws -> MessageCatalogs {
        let dir = templatesDirectory.appendingPathComponent("i18n")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { return MessageCatalogs() }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir.path) } catch {
            throw RenderingError(.template, "message catalog folder \(dir.path) cannot be read", underlying: error)
        }
        let catalogs = try names.filter { $0.hasSuffix(".yaml") }.sorted().map { try MessageCatalog.load(dir.appendingPathComponent($0)) }
        return MessageCatalogs(catalogs: catalogs, directory: dir.path)
    }

    /// The English catalog as shipped (`en.yaml`) merged over the built-in words.
    public var english: [String: String] {
        BuiltInMessages.english.merging(catalogs["en"]?.messages ?? [:]) { _, file in file }
    }

    /// Lookups and formatting for `locale`: its catalogs, then English.
    public func localization(for locale: ReportLocale) -> ReportLocalization {
        var chain = locale.catalogNames.filter { $0 != "en" }.compactMap { catalogs[$0]?.messages }
        let own = chain.count
        chain.append(english)
        return ReportLocalization(locale: locale, chain: chain, ownCount: own)
    }

    /// Per catalog other than English: the keys of the English catalog it lacks, sorted (empty lists left out).
    ///
    /// A regional catalog (`de-CH`) is checked together with its language's (`de`).
    public func missingKeys() -> [String: [String]] {
        let english = Set(self.english.keys)
        var result: [String: [String]] = [:]
        for (name, catalog) in catalogs where name != "en" {
            var have = Set(catalog.messages.keys)
            if let dash = name.firstIndex(of: "-"), let base = catalogs[String(name[..<dash])] { have.formUnion(base.messages.keys) }
            let missing = english.subtracting(have).sorted()
            if !missing.isEmpty { result[name] = missing }
        }
        return result
    }
}
