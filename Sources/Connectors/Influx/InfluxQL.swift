/// Escaping for InfluxQL literals and line protocol.
///
/// Every value from data that reaches InfluxDB goes through one of these.
public enum InfluxQL {
    /// A single-quoted string literal (`'...'`) with backslash and quote escaped.
    public static func string(_ value: String) -> String {
        var out = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// A double-quoted identifier (measurement, field, tag key).
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A tag key or tag value escaped for line protocol (commas, equals signs, spaces).
    ///
    /// Line protocol cannot carry newlines in tags; callers pass ids, and `LineProtocolError` is thrown otherwise.
    public static func tag(_ value: String) throws -> String {
        guard !value.contains(where: { $0.isNewline }), !value.isEmpty, !value.hasSuffix("\\") else {
            throw ConnectorError(.protocolError, server: "influxdb", purpose: "line protocol",
                                 message: "tag value cannot be written in line protocol: \(value.debugDescription)")
        }
        var out = ""
        for ch in value {
            if ch == "," || ch == "=" || ch == " " { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A measurement name escaped for line protocol.
    public static func measurement(_ value: String) -> String {
        var out = ""
        for ch in value {
            if ch == "," || ch == " " { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
