import Foundation
@testable import Rendering

/// Writes what the Python validator should find, from the model alone (not from any renderer).
enum ExpectedJSON {
    static func format(_ f: ValueFormat) -> [String: Any] {
        switch f {
        case .text: return ["kind": "text"]
        case .integer: return ["kind": "integer"]
        case .decimal(let p): return ["kind": "decimal", "places": p]
        case .percent(let p): return ["kind": "percent", "places": p]
        case .duration: return ["kind": "duration"]
        case .timestamp(let local): return ["kind": "timestamp", "local": local]
        case .date: return ["kind": "date"]
        }
    }

    static func value(_ v: ReportValue) -> Any {
        switch v {
        case .text(let s): return ["text": s]
        case .integer(let i): return ["number": Double(i)]
        case .number(let d): return ["number": d]
        case .instant(let d): return ["instant": d.timeIntervalSince1970.rounded(.down)]
        case .date(let d): return ["date": d.description]
        case .missing: return NSNull()
        }
    }

    static func table(_ t: ReportTable, file: String?, sheet: String?) throws -> [String: Any] {
        var rows: [Any] = []
        var breached: [Bool] = []
        var it = try t.rows.makeIterator()
        while let r = try it.next() { rows.append(r.values.map(value)); breached.append(r.breached) }
        var out: [String: Any] = [
            "name": t.name,
            "columns": t.columns.map { ["key": $0.key, "title": $0.title, "format": format($0.format)] },
            "rows": rows, "breached": breached,
        ]
        if let file { out["file"] = file }
        if let sheet { out["sheet"] = sheet }
        return out
    }

    static func write(_ object: [String: Any], to url: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: url)
    }
}
