import Foundation
import Yams

/// A YAML mapping read strictly: unknown keys, wrong types and parse errors carry file and line.
struct YAMLMapping {
    let file: String
    let mark: Mark?
    private(set) var entries: [(key: String, line: Int?, value: Node)] = []

    /// Parses `text` whose root must be a mapping (an empty document is an empty mapping).
    static func parse(_ text: String, file: String) throws -> YAMLMapping {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: YAMLMapping.line(of: error), reason: "not valid YAML: \(YAMLMapping.problem(of: error))")
        }
        guard let root else { return YAMLMapping(file: file, mark: nil) }
        return try YAMLMapping(node: root, file: file, what: "the document")
    }

    init(file: String, mark: Mark?) {
        self.file = file
        self.mark = mark
    }

    init(node: Node, file: String, what: String) throws {
        self.file = file
        mark = node.mark
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError(file: file, line: node.mark?.line, reason: "\(what) must be a mapping of key: value")
        }
        for (key, value) in mapping {
            guard let name = key.string else {
                throw ConfigurationError(file: file, line: key.mark?.line, reason: "keys must be strings")
            }
            entries.append((name, key.mark?.line, value))
        }
    }

    var keys: [String] { entries.map(\.key) }

    func node(_ key: String) -> Node? { entries.first(where: { $0.key == key })?.value }

    func line(_ key: String) -> Int? { entries.first(where: { $0.key == key })?.line ?? mark?.line }

    /// Throws for the first key not in `allowed`, naming its line and the allowed keys.
    func rejectUnknownKeys(_ allowed: Set<String>, context: String) throws {
        for entry in entries where !allowed.contains(entry.key) {
            throw ConfigurationError(file: file, line: entry.line,
                                     reason: "unknown key '\(entry.key)' in \(context) (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String) throws -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw ConfigurationError(file: file, line: node.mark?.line, reason: "'\(key)' must be a single value")
        }
        return scalar.string
    }

    func requiredString(_ key: String, context: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else {
            throw ConfigurationError(file: file, line: mark?.line, reason: "missing '\(key)' in \(context)")
        }
        return value
    }

    func int(_ key: String) throws -> Int? {
        guard let text = try string(key) else { return nil }
        guard let value = Int(text) else {
            throw ConfigurationError(file: file, line: line(key), reason: "'\(key)' must be an integer, not '\(text)'")
        }
        return value
    }

    func double(_ key: String) throws -> Double? {
        guard let text = try string(key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw ConfigurationError(file: file, line: line(key), reason: "'\(key)' must be a number, not '\(text)'")
        }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        guard let node = node(key) else { return nil }
        guard let value = node.bool else {
            throw ConfigurationError(file: file, line: node.mark?.line, reason: "'\(key)' must be true or false")
        }
        return value
    }

    func stringList(_ key: String) throws -> [String]? {
        guard let node = node(key) else { return nil }
        if case .scalar(let scalar) = node { return [scalar.string] }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: node.mark?.line, reason: "'\(key)' must be a list")
        }
        return try sequence.map { item in
            guard case .scalar(let scalar) = item else {
                throw ConfigurationError(file: file, line: item.mark?.line, reason: "items of '\(key)' must be single values")
            }
            return scalar.string
        }
    }

    func mapping(_ key: String) throws -> YAMLMapping? {
        guard let node = node(key) else { return nil }
        return try YAMLMapping(node: node, file: file, what: "'\(key)'")
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        case .duplicatedKeysInMapping(let duplicates, _): return "duplicated keys \(duplicates.joined(separator: ", "))"
        default: return "\(error)"
        }
    }
}
