/// One cell of an InfluxQL result.
public enum InfluxValue: Sendable, Equatable {
    case null
    case number(Double)
    case string(String)
    case bool(Bool)

    /// The value as a Double (numbers, and booleans as 0/1); nil otherwise.
    public var double: Double? {
        switch self {
        case .number(let v): return v
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The value as Int (numbers truncated toward zero); nil otherwise.
    public var int: Int? {
        if case .number(let v) = self, v.isFinite, abs(v) < 9.2e18 { return Int(v) }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// A piece of one InfluxQL series as it arrives in a chunk: the same series may come in several pieces.
public struct InfluxSeriesChunk: Sendable {
    public let statement: Int
    public let name: String
    public let tags: [String: String]
    public let columns: [String]
    public let values: [[InfluxValue]]

    /// The index of `column`, if present.
    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}
