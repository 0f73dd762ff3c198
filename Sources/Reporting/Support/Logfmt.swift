/// One logfmt line (`msg=mailed message_id=… tenant=acme`): values with spaces, quotes or `=` are quoted.
package enum Logfmt {
    package static func line(_ fields: [(String, String)]) -> String {
        fields.map { key, value in "\(key)=\(quote(value))" }.joined(separator: " ")
    }

    package static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.isNewline }
        guard needsQuotes else { return value }
        var out = "\""
        for ch in value {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
