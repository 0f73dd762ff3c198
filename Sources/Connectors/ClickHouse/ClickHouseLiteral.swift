/// Escaping for ClickHouse SQL literals and TSV insert bodies.
///
/// Every value that reaches ClickHouse from data (tenant ids, device ids, names) goes
/// through one of these; the old 18.16 server has no `{name:Type}` query parameters.
public enum ClickHouseLiteral {
    /// A single-quoted string literal: backslash and quote escaped, control bytes as escapes.
    public static func string(_ value: String) -> String {
        var out = "'"
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    /// A back-quoted identifier (database, table or column name).
    public static func identifier(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
    }

    /// Appends `value` to a TSV insert body with ClickHouse's TabSeparated escaping.
    public static func appendTSV(_ value: String, to out: inout [UInt8]) {
        appendTSV(bytes: Array(value.utf8), to: &out)
    }

    /// Appends raw bytes (e.g. a binary sketch) to a TSV insert body, escaped.
    public static func appendTSV<S: Sequence>(bytes: S, to out: inout [UInt8]) where S.Element == UInt8 {
        for byte in bytes {
            switch byte {
            case 9: out += [92, 116]        // \t
            case 10: out += [92, 110]       // \n
            case 13: out += [92, 114]       // \r
            case 0: out += [92, 48]         // \0
            case 8: out += [92, 98]         // \b
            case 12: out += [92, 102]       // \f
            case 92: out += [92, 92]        // \\
            case 39: out += [92, 39]        // \'
            default: out.append(byte)
            }
        }
    }
}
