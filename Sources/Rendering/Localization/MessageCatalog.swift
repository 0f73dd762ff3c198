import Foundation
import Yams

/// One message catalog, `templates/i18n/<language>.yaml`: nested YAML maps flattened to dotted keys.
///
/// ```yaml
/// kpi:
///   availability_pct: Verfügbarkeit     # key kpi.availability_pct
/// pdf:
///   page_of: "Seite {page} von {pages}"  # {name} is an argument
/// ```
/// Every leaf must be a string (quote values YAML would read as numbers or booleans). A file
/// that does not parse, or a leaf that is not a string, is `RenderingError(.template)` naming
/// the file and line.
public struct MessageCatalog: Hashable, Sendable {
    /// The file stem: `de`, `de-CH`, `en`.
    public let name: String
    /// Dotted key → template.
    public let messages: [String: String]
    /// Where it was read from (nil for the built-in English words).
    public let path: String?

    public init(name: String, messages: [String: String], path: String? = nil) {
        self.name = name
        self.messages = messages
        self.path = path
    }

    /// Reads and flattens one catalog file.
    public static func load(_ url: URL) throws -> MessageCatalog {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw RenderingError(.template, "message catalog \(url.path) cannot be read", underlying: error)
        }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent, path: url.path)
    }

    /// Parses catalog text; `path` names the file in errors.
    public static func parse(_ text: String, name: String, path: String) throws -> MessageCatalog {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw RenderingError(.template, "message catalog \(path): \(error)")
        }
        var messages: [String: String] = [:]
        func walk(_ node: Node, _ prefix: String) throws {
            let line = node.mark.map { ":\($0.line)" } ?? ""
            switch node {
            case .mapping(let mapping):
                for (k, v) in mapping {
                    guard let key = k.string, !key.isEmpty, !key.contains(".") else {
                        throw RenderingError(.template, "\(path)\(line): a key must be a non-empty name without dots")
                    }
                    try walk(v, prefix.isEmpty ? key : prefix + "." + key)
                }
            case .scalar(let scalar):
                guard !prefix.isEmpty else { throw RenderingError(.template, "\(path)\(line): a catalog is a map of keys") }
                if scalar.style == .plain, ["true", "false", "yes", "no", "null", "~", "on", "off"].contains(scalar.string.lowercased()) {
                    throw RenderingError(.template, "\(path)\(line): \(prefix) must be a quoted string, not \(scalar.string)")
                }
                messages[prefix] = scalar.string
            default:
                throw RenderingError(.template, "\(path)\(line): \(prefix.isEmpty ? "the catalog" : prefix) must be a string or a map, not a list")
            }
        }
        if let root { try walk(root, "") }
        return MessageCatalog(name: name, messages: messages, path: path)
    }
}
