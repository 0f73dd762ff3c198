import Foundation

/// How one locale writes a fixed-point number, learned from ICU once and then applied without it.
///
/// ICU formatting costs tens of microseconds per value, which a 10,000-row table pays for
/// every cell. The layout takes from ICU's own output for probe values the decimal separator,
/// the grouping separator and sizes (`12,34,567` in en-IN), the minimum grouping (es writes
/// `1234` but `12.345`) and the affixes of positive and negative values (`-`, ` %`), then
/// checks itself against ICU on a set of probes: a locale whose output it cannot reproduce
/// gets no layout, and its values keep going through ICU. Values near a rounding tie or too
/// large for exact integer arithmetic also go to ICU (`text` returns nil).
struct DecimalLayout {
    let places: Int
    let decimalSeparator: String
    let groupSeparator: String
    let primaryGroup: Int
    let secondaryGroup: Int
    let minimumGrouping: Int
    let positive: (prefix: String, suffix: String)
    let negative: (prefix: String, suffix: String)

    private static let pow10: [Double] = (0...9).map { p in (0..<p).reduce(1.0) { a, _ in a * 10 } }

    /// Learns the layout `icu` uses for `places` decimals (`icu` formats a value as the caller
    /// passes it, e.g. `99.831` for `99.831 %`); nil when ICU's output is not of a shape this
    /// type reproduces exactly.
    init?(places: Int, icu: (Double) -> String) {
        self.places = places
        // Affixes and the decimal separator: 1.5 (or 1 with no decimals) and its negative.
        let one = places > 0 ? 1 + 5 / Self.pow10[places] : 1
        guard let pos = Self.split(icu(one)), let neg = Self.split(icu(-one)),
              pos.digits.count == 1 + places, neg.digits == pos.digits else { return nil }
        positive = (pos.prefix, pos.suffix)
        negative = (neg.prefix, neg.suffix)
        if places > 0 {
            guard pos.separators.count == 1 else { return nil }
            decimalSeparator = pos.separators[0]
        } else {
            guard pos.separators.isEmpty else { return nil }
            decimalSeparator = ""
        }
        // Grouping: 1234567890 shows the primary and secondary group sizes and the separator.
        guard let big = Self.split(icu(1_234_567_890)) else { return nil }
        var integerRuns = big.runs
        if places > 0 { integerRuns.removeLast() }
        let groupSeparators = Array(big.separators.prefix(integerRuns.count - 1))
        if integerRuns.count > 1 {
            guard let g = groupSeparators.first, groupSeparators.allSatisfy({ $0 == g }),
                  let last = integerRuns.last, integerRuns.count >= 3 else { return nil }
            groupSeparator = g
            primaryGroup = last
            secondaryGroup = integerRuns[integerRuns.count - 2]
        } else {
            groupSeparator = ""
            primaryGroup = 0
            secondaryGroup = 0
        }
        // Minimum grouping: the smallest power of ten that ICU groups.
        var minimum = 1
        if primaryGroup > 0 {
            while minimum < 4, let probe = Self.split(icu(Self.pow10[primaryGroup + minimum - 1])), probe.runs.count == (places > 0 ? 2 : 1) {
                minimum += 1
            }
        }
        minimumGrouping = minimum
        // The self-check: every probe must come out exactly as ICU writes it.
        let probes: [Double] = [0, 1, -1, 0.25, -0.75, 7.125, 12.5, 99.831, 100, 999.999, 1000, 1234.5, 9999.994, 10_000, 12_345.678,
                                99_999.5, 100_000, 1_234_567.25, -1_234_567.25, 12_345_678_901.5, 0.04, -0.004, 5e-7]
        var checked = 0
        for v in probes {
            guard let fast = text(v) else { continue }  // ties and huge values go to ICU anyway
            guard fast == icu(Self.zeroed(v, places: places)) else { return nil }
            checked += 1
        }
        guard checked >= probes.count / 2 else { return nil }
    }

    /// `value` in this layout, or nil when ICU must write it (non-finite, near a tie, above 1e15).
    func text(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let scaled = abs(value) * Self.pow10[places]
        guard scaled < 1e15 else { return nil }
        let fraction = scaled - scaled.rounded(.down)
        guard abs(fraction - 0.5) > max(1e-6, scaled * 1e-12) else { return nil }
        let n = UInt64(scaled.rounded(.toNearestOrAwayFromZero))
        let negativeValue = value < 0 && n != 0
        var digits = String(n)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let integerDigits = Array(digits.utf8.prefix(digits.utf8.count - places))
        var out = negativeValue ? negative.prefix : positive.prefix
        out += grouped(integerDigits)
        if places > 0 {
            out += decimalSeparator
            out += String(decoding: digits.utf8.suffix(places), as: UTF8.self)
        }
        out += negativeValue ? negative.suffix : positive.suffix
        return out
    }

    private func grouped(_ digits: [UInt8]) -> String {
        guard primaryGroup > 0, digits.count >= primaryGroup + minimumGrouping else { return String(decoding: digits, as: UTF8.self) }
        var groups: [ArraySlice<UInt8>] = []
        var end = digits.count
        var size = primaryGroup
        while end > 0 {
            let start = max(0, end - size)
            groups.append(digits[start..<end])
            end = start
            size = secondaryGroup
        }
        return groups.reversed().map { String(decoding: $0, as: UTF8.self) }.joined(separator: groupSeparator)
    }

    /// 0 for a value that rounds to zero at `places`, as `ValueFormatter` passes it to ICU.
    static func zeroed(_ value: Double, places: Int) -> Double {
        abs(value) * pow10[places] < 0.5 ? 0 : value
    }

    /// ICU output cut into prefix, digit runs, the separators between them and suffix; nil
    /// when it has digits other than ASCII or none at all.
    private static func split(_ text: String) -> (prefix: String, digits: String, runs: [Int], separators: [String], suffix: String)? {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { ("0"..."9").contains($0) }),
              let last = scalars.lastIndex(where: { ("0"..."9").contains($0) }) else { return nil }
        var runs: [Int] = [], separators: [String] = [], digits = ""
        var i = first
        while i <= last {
            var j = i
            while j <= last, ("0"..."9").contains(scalars[j]) { j += 1 }
            runs.append(j - i)
            digits += String(String.UnicodeScalarView(scalars[i..<j]))
            guard j <= last else { break }
            var k = j
            while k <= last, !("0"..."9").contains(scalars[k]) { k += 1 }
            let sep = String(String.UnicodeScalarView(scalars[j..<k]))
            guard !sep.unicodeScalars.contains(where: { $0.properties.numericType != nil }) else { return nil }
            separators.append(sep)
            i = k
        }
        let isOtherDigit: (Unicode.Scalar) -> Bool = { $0.properties.numericType != nil && !("0"..."9").contains($0) }
        guard !scalars.contains(where: isOtherDigit) else { return nil }
        return (String(String.UnicodeScalarView(scalars[..<first])), digits, runs, separators,
                String(String.UnicodeScalarView(scalars[(last + 1)...])))
    }
}
