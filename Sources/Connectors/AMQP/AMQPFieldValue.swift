import CRabbitMQ
import Foundation

/// A value of an AMQP field table: message headers, queue arguments, server properties.
///
/// Outgoing integers are sent as signed 64-bit (`l`), strings as long strings (`S`). Incoming
/// kinds map to the nearest case: every integer width becomes `.int`, floats and decimals
/// `.double`, timestamps `.int` (seconds since 1970), raw byte strings `.bytes`.
public enum AMQPFieldValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])
    case array([AMQPFieldValue])
    case table([String: AMQPFieldValue])
    case void

    /// The text of a string value, else nil.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of an integer, else nil.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// Scalars as plain text (`42`, `true`, the string itself); arrays and tables in brackets.
    public var description: String {
        switch self {
        case .string(let text): return text
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .table(let fields):
            return "{" + fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .void: return ""
        }
    }

    /// Whether the value is a scalar (shown in `AMQPDelivery.headers`).
    var isScalar: Bool {
        switch self {
        case .array, .table, .void: return false
        default: return true
        }
    }
}

// MARK: - Decoding from rabbitmq-c

extension AMQPFieldValue {
    /// Copies a C field table into Swift values; the C memory may be released afterwards.
    static func decode(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        var fields: [String: AMQPFieldValue] = [:]
        guard table.num_entries > 0, let entries = table.entries else { return fields }
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            fields[String(amqpBytes: entry.key)] = decode(entry.value)
        }
        return fields
    }

    static func decode(_ value: amqp_field_value_t) -> AMQPFieldValue {
        let v = value.value
        switch Character(Unicode.Scalar(value.kind)) {
        case "t": return .bool(v.boolean != 0)
        case "b": return .int(Int64(v.i8))
        case "B": return .int(Int64(v.u8))
        case "s": return .int(Int64(v.i16))
        case "u": return .int(Int64(v.u16))
        case "I": return .int(Int64(v.i32))
        case "i": return .int(Int64(v.u32))
        case "l": return .int(v.i64)
        case "L", "T": return .int(Int64(truncatingIfNeeded: v.u64))
        case "f": return .double(Double(v.f32))
        case "d": return .double(v.f64)
        case "D":
            var scaled = Double(v.decimal.value)
            for _ in 0..<Int(v.decimal.decimals) { scaled /= 10 }
            return .double(scaled)
        case "S": return .string(String(amqpBytes: v.bytes))
        case "x": return .bytes([UInt8](amqpBytes: v.bytes))
        case "A":
            guard v.array.num_entries > 0, let entries = v.array.entries else { return .array([]) }
            return .array((0..<Int(v.array.num_entries)).map { decode(entries[$0]) })
        case "F": return .table(decode(v.table))
        default: return .void
        }
    }
}

extension String {
    /// Copies the bytes of an `amqp_bytes_t` (UTF-8; invalid sequences repaired).
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else { self = ""; return }
        self = String(decoding: UnsafeRawBufferPointer(start: base, count: bytes.len), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Copies the bytes of an `amqp_bytes_t`.
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let base = bytes.bytes else { self = []; return }
        self = Array(UnsafeRawBufferPointer(start: base, count: bytes.len))
    }
}

// MARK: - Encoding for rabbitmq-c

/// C copies of the strings and tables of one call into rabbitmq-c, freed when its scope ends.
///
/// Use only through `AMQPArena.with { arena in ... }`: every `amqp_bytes_t` and `amqp_table_t`
/// it returns points into memory that is deallocated when the closure returns.
final class AMQPArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    private init() {}

    static func with<R>(_ body: (AMQPArena) throws -> R) rethrows -> R {
        let arena = AMQPArena()
        defer { arena.release() }
        return try body(arena)
    }

    private func release() {
        for block in blocks { block.deallocate() }
        blocks.removeAll()
    }

    deinit { release() }

    /// A copy of `text`'s UTF-8 bytes (not NUL-terminated).
    func bytes(_ text: String) -> amqp_bytes_t {
        bytes(Array(text.utf8))
    }

    /// A copy of `data`.
    func bytes(_ data: [UInt8]) -> amqp_bytes_t {
        guard !data.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        let block = UnsafeMutableRawPointer.allocate(byteCount: data.count, alignment: 1)
        blocks.append(block)
        data.withUnsafeBytes { raw in
            if let base = raw.baseAddress { block.copyMemory(from: base, byteCount: raw.count) }
        }
        return amqp_bytes_t(len: data.count, bytes: block)
    }

    /// A field table of `fields`, keys in sorted order (the encoding is deterministic).
    func table(_ fields: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !fields.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let sorted = fields.sorted { $0.key < $1.key }
        let entries = allocate(amqp_table_entry_t.self, count: sorted.count)
        for (index, field) in sorted.enumerated() {
            entries[index] = amqp_table_entry_t(key: bytes(field.key), value: value(field.value))
        }
        return amqp_table_t(num_entries: Int32(sorted.count), entries: entries)
    }

    /// One encoded field value.
    func value(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let text):
            field.kind = kind(AMQP_FIELD_KIND_UTF8)
            field.value.bytes = bytes(text)
        case .int(let number):
            field.kind = kind(AMQP_FIELD_KIND_I64)
            field.value.i64 = number
        case .double(let number):
            field.kind = kind(AMQP_FIELD_KIND_F64)
            field.value.f64 = number
        case .bool(let flag):
            field.kind = kind(AMQP_FIELD_KIND_BOOLEAN)
            field.value.boolean = flag ? 1 : 0
        case .bytes(let data):
            field.kind = kind(AMQP_FIELD_KIND_BYTES)
            field.value.bytes = bytes(data)
        case .array(let values):
            field.kind = kind(AMQP_FIELD_KIND_ARRAY)
            if values.isEmpty {
                field.value.array = amqp_array_t(num_entries: 0, entries: nil)
            } else {
                let entries = allocate(amqp_field_value_t.self, count: values.count)
                for (index, element) in values.enumerated() { entries[index] = self.value(element) }
                field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: entries)
            }
        case .table(let fields):
            field.kind = kind(AMQP_FIELD_KIND_TABLE)
            field.value.table = table(fields)
        case .void:
            field.kind = kind(AMQP_FIELD_KIND_VOID)
        }
        return field
    }

    private func kind(_ kind: amqp_field_value_kind_t) -> UInt8 { UInt8(truncatingIfNeeded: kind.rawValue) }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.stride * count,
                                                   alignment: MemoryLayout<T>.alignment)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.stride * count)
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}
