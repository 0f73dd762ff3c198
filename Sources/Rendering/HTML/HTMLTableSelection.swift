import Foundation

/// The rows of a table the HTML shows, chosen while streaming (only `n` rows are kept).
struct HTMLTableSelection {
    var rows: [ReportRow] = []
    var total = 0

    /// Reads the whole source once, keeping the selected rows in display order.
    static func select(_ table: ReportTable) throws -> HTMLTableSelection {
        var result = HTMLTableSelection()
        guard table.html != .none else { return result }
        var iterator = try table.rows.makeIterator()
        switch table.html {
        case .none:
            break
        case .all:
            while let row = try iterator.nextRow(table: table.name) { result.rows.append(row); result.total += 1 }
        case .first(let n):
            while let row = try iterator.nextRow(table: table.name) {
                if result.rows.count < n { result.rows.append(row) }
                result.total += 1
            }
        case .top(let n, let key, let ascending):
            guard let col = table.columnIndex(key), n > 0 else { break }
            // Sorted buffer of at most n (key, row); insertion after equals keeps source order for ties.
            var kept: [(key: Double?, row: ReportRow)] = []
            func before(_ a: Double?, _ b: Double?) -> Bool {
                switch (a, b) {
                case (nil, _): return false
                case (_, nil): return true
                case let (x?, y?): return ascending ? x < y : x > y
                }
            }
            while let row = try iterator.nextRow(table: table.name) {
                result.total += 1
                let k = row.values.indices.contains(col) ? sortKey(row.values[col]) : nil
                if kept.count == n, let last = kept.last, !before(k, last.key) { continue }
                var i = kept.count
                while i > 0 && before(k, kept[i - 1].key) { i -= 1 }
                kept.insert((k, row), at: i)
                if kept.count > n { kept.removeLast() }
            }
            result.rows = kept.map(\.row)
        }
        return result
    }

    static func sortKey(_ v: ReportValue) -> Double? {
        switch v {
        case .integer(let i): return Double(i)
        case .number(let d): return d.isFinite ? d : nil
        case .instant(let d): return d.timeIntervalSince1970
        case .date(let d): return Double(d.daysSinceEpoch)
        case .text, .missing: return nil
        }
    }
}
