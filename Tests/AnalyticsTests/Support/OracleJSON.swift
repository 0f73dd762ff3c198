import Foundation

/// Minimal JSON for the oracle: writes Python-readable JSON (NaN/Infinity literals allowed)
/// and reads the oracle's answer through `JSONSerialization`.
indirect enum JSONOut {
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONOut])
    case object([(String, JSONOut)])

    func write(into out: inout String) {
        switch self {
        case .int(let v): out += String(v)
        case .double(let v):
            if v.isNaN { out += "NaN" } else if v.isInfinite { out += v > 0 ? "Infinity" : "-Infinity" } else { out += "\(v)" }
        case .string(let s):
            out += "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default: if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            out += "\""
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out += "," }
                JSONOut.string(k).write(into: &out)
                out += ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }

    var text: String {
        var s = ""
        write(into: &s)
        return s
    }

    static func ints(_ v: [Int64]) -> JSONOut { .array(v.map { .int($0) }) }
    static func doubles(_ v: [Double]) -> JSONOut { .array(v.map { .double($0) }) }
    static func intervals(_ v: [(Int64, Int64)]) -> JSONOut { .array(v.map { .array([.int($0.0), .int($0.1)]) }) }
    static func optional(_ v: Int64?) -> JSONOut { v.map { .int($0) } ?? .null }
    static func optional(_ v: Double?) -> JSONOut { v.map { .double($0) } ?? .null }
}

/// The oracle's answer, decoded with `JSONDecoder` (whose number parsing is exact;
/// `JSONSerialization` on Linux can be a few ulps off) and turned into plain values:
/// `Int64`, `Double`, `String`, `Bool`, `NSNull`, `[Any]`, `[String: Any]`.
enum JSONIn: Decodable {
    case int(Int64), double(Double), string(String), bool(Bool), null, array([JSONIn]), object([String: JSONIn])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) { self = .double(d) } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONIn].self) { self = .array(a) } else { self = .object(try c.decode([String: JSONIn].self)) }
    }

    var plain: Any {
        switch self {
        case .int(let i): return i
        case .double(let d): return d
        case .string(let s): return s
        case .bool(let b): return b
        case .null: return NSNull()
        case .array(let a): return a.map(\.plain)
        case .object(let o): return o.mapValues(\.plain)
        }
    }
}

/// Accessors over `JSONIn.plain` values.
enum J {
    static func obj(_ a: Any?) -> [String: Any] { a as? [String: Any] ?? [:] }
    static func arr(_ a: Any?) -> [Any] { a as? [Any] ?? [] }
    static func int(_ a: Any?) -> Int64? {
        if let i = a as? Int64 { return i }
        if let d = a as? Double, d == d.rounded(), abs(d) < 9e15 { return Int64(d) }
        return nil
    }
    static func dbl(_ a: Any?) -> Double? { (a as? Double) ?? (a as? Int64).map(Double.init) }
    static func str(_ a: Any?) -> String? { a as? String }
    static func isNull(_ a: Any?) -> Bool { a == nil || a is NSNull }
}

/// Where the repository is, from this file's path (Tests/AnalyticsTests/Support/OracleJSON.swift).
func repositoryRoot(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

enum OracleFailure: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self { case .failed(let s): return s }
    }
}

/// Runs `python3 Tests/oracle/<script> <input>` and returns its parsed JSON answer.
func runPythonOracle(script: String, input: JSONOut) throws -> [String: Any] {
    let root = repositoryRoot()
    let scriptURL = root.appendingPathComponent("Tests/oracle/\(script)")
    guard FileManager.default.fileExists(atPath: scriptURL.path) else {
        throw OracleFailure.failed("oracle script not found at \(scriptURL.path)")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("analytics-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let inputURL = dir.appendingPathComponent("input.json")
    try Data(input.text.utf8).write(to: inputURL)
    let outURL = dir.appendingPathComponent("output.json")
    let errURL = dir.appendingPathComponent("stderr.txt")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", scriptURL.path, inputURL.path]
    process.currentDirectoryURL = root
    process.standardOutput = outHandle
    process.standardError = errHandle
    do {
        try process.run()
    } catch {
        throw OracleFailure.failed("cannot start python3 (\(error)); install Python 3 and run: pip install -r scripts/requirements-test.txt")
    }
    process.waitUntilExit()
    try? outHandle.close()
    try? errHandle.close()
    let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else {
        let hint = process.terminationStatus == 127
            ? "python3 is not on PATH; install Python 3 and run: pip install -r scripts/requirements-test.txt"
            : "the oracle failed; if a package is missing run: pip install -r scripts/requirements-test.txt"
        throw OracleFailure.failed("\(hint) (exit \(process.terminationStatus)): \(stderr)")
    }
    let data = try Data(contentsOf: outURL)
    guard let parsed = (try? JSONDecoder().decode(JSONIn.self, from: data))?.plain as? [String: Any] else {
        throw OracleFailure.failed("oracle output is not a JSON object: \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    return parsed
}
