import CLibPQ
import Foundation

/// Owns one libpq `PGresult`: typed, random-access reads of a query's rows.
///
/// Text format throughout; the session runs in UTC with ISO DateStyle so timestamps parse exactly.
public final class PostgresResult {
    private let result: OpaquePointer
    /// Number of rows.
    public let count: Int
    /// Column names in order.
    public let columns: [String]

    init(_ result: OpaquePointer) {
        self.result = result
        count = Int(PQntuples(result))
        columns = (0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) }
    }

    deinit { PQclear(result) }

    /// Rows changed by an INSERT/UPDATE/DELETE.
    public var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    /// Index of a column by name; nil if absent.
    public func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    /// The text value; nil for NULL. Invalid UTF-8 is repaired with U+FFFD.
    public func string(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column), let value = PQgetvalue(result, Int32(row), Int32(column)) else { return nil }
        let length = Int(PQgetlength(result, Int32(row), Int32(column)))
        return String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
    }

    public func int(_ row: Int, _ column: Int) -> Int? { string(row, column).flatMap { Int($0) } }

    public func double(_ row: Int, _ column: Int) -> Double? { string(row, column).flatMap { Double($0) } }

    public func bool(_ row: Int, _ column: Int) -> Bool? { string(row, column).map { $0 == "t" } }

    public func uuid(_ row: Int, _ column: Int) -> UUID? { string(row, column).flatMap { UUID(uuidString: $0) } }

    /// A `timestamptz` value.
    public func date(_ row: Int, _ column: Int) -> Date? { string(row, column).flatMap(PostgresTimestamp.parse) }

    /// A one-dimensional `text[]` value; NULL elements become empty strings.
    public func stringArray(_ row: Int, _ column: Int) -> [String]? {
        string(row, column).map(PostgresArrayParser.parse)
    }
}

/// Parses PostgreSQL's text representation of a one-dimensional array: `{a,"b c",NULL}`.
enum PostgresArrayParser {
    static func parse(_ text: String) -> [String] {
        var items: [String] = []
        var chars = Array(text.unicodeScalars)
        guard chars.first == "{", chars.last == "}" else { return [text] }
        chars = Array(chars.dropFirst().dropLast())
        var i = 0
        while i < chars.count {
            var item = String.UnicodeScalarView()
            if chars[i] == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    item.append(chars[i])
                    i += 1
                }
                i += 1
                items.append(String(item))
            } else {
                while i < chars.count, chars[i] != "," {
                    item.append(chars[i])
                    i += 1
                }
                let value = String(item)
                items.append(value == "NULL" ? "" : value)
            }
            if i < chars.count, chars[i] == "," { i += 1 }
        }
        return items
    }
}
