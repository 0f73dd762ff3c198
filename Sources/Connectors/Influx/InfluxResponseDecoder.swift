import Foundation

/// Decodes one JSON document of an InfluxDB `/query` response into series chunks.
enum InfluxResponseDecoder {
    static func decode(_ line: [UInt8], server: String, purpose: String,
                       series: (InfluxSeriesChunk) throws -> Void) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line))
        } catch {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            throw ConnectorError(.protocolError, server: server, purpose: purpose,
                                 message: "response is not valid JSON (cut short?): \(text)")
        }
        guard let root = object as? [String: Any] else {
            throw ConnectorError(.protocolError, server: server, purpose: purpose, message: "unexpected response shape")
        }
        if let error = root["error"] as? String {
            throw ConnectorError(.serverError, server: server, purpose: purpose, message: error)
        }
        for case let result as [String: Any] in root["results"] as? [Any] ?? [] {
            if let error = result["error"] as? String {
                throw ConnectorError(.serverError, server: server, purpose: purpose, message: error)
            }
            let statement = (result["statement_id"] as? NSNumber)?.intValue ?? 0
            for case let item as [String: Any] in result["series"] as? [Any] ?? [] {
                let name = item["name"] as? String ?? ""
                let tags = item["tags"] as? [String: String] ?? [:]
                let columns = item["columns"] as? [String] ?? []
                let rows = (item["values"] as? [Any] ?? []).map { row -> [InfluxValue] in
                    (row as? [Any] ?? []).map(convert)
                }
                try series(InfluxSeriesChunk(statement: statement, name: name, tags: tags, columns: columns, values: rows))
            }
        }
    }

    private static func convert(_ value: Any) -> InfluxValue {
        switch value {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSONSerialization gives booleans as NSNumber too; tell them apart by type id.
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        default: return .null
        }
    }
}
