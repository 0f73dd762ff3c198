import Foundation
import Testing
@testable import Rendering

/// The numbers of PDF, HTML and XLSX tables come from layouts learned from ICU; they must be
/// exactly what ICU writes, in every locale a tenant can have.
@Suite struct DecimalLayoutTests {
    static let locales = ["en-US", "en-GB", "en-IN", "en-AU", "en-CA", "de-DE", "de-CH", "de-AT", "fr-FR", "fr-CH", "fr-CA",
                          "es-ES", "es-MX", "nl-NL", "nl-BE", "it-IT", "pt-BR", "sv-SE", "pl-PL", "ja-JP", "ar-EG", "hi-IN"]

    static func formatter(_ tag: String) throws -> ValueFormatter {
        try MessageCatalogs().localization(for: try ReportLocale(parsing: tag)).formatter(timeZone: TimeZone(identifier: "UTC")!)
    }

    /// Values of the shapes reports have (percentages near 100, sizes, hundredths, large
    /// counts, negatives, ties and near-ties), from a fixed seed.
    static func values(count: Int) -> [Double] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var out: [Double] = [0, -0.0, 0.5, -0.5, 0.125, 1.005, 2.675, 99.9995, 999.9995, 1e15, 9.99e14, 123_456_789_012.345]
        for i in 0..<count {
            let r = next()
            let magnitude = Double(r % 13)
            var v: Double
            switch i % 4 {
            case 0: v = Double(r >> 11) / Double(1 << 53) * pow(10, magnitude)
            case 1: v = Double(r % 100_000) / 1000          // thousandths: ties at 2 places
            case 2: v = 100 - Double(r % 1_000_000) / 10_000 // availability-like
            default: v = Double(r % 10_000_000)             // integers
            }
            if r & (1 << 62) != 0 { v = -v }
            out.append(v)
        }
        return out
    }

    @Test(arguments: locales) func numbersAreExactlyWhatICUWrites(tag: String) throws {
        let f = try Self.formatter(tag)
        for places in 0...4 {
            for v in Self.values(count: 4_000) {
                #expect(f.decimal(v, places: places) == f.icuDecimal(v, places: places), "\(tag) \(v) at \(places) places")
                #expect(f.percent(v, places: places) == f.icuPercent(v, places: places), "\(tag) \(v)% at \(places) places")
            }
        }
    }

    @Test func theLocalesOfTheCatalogsAreWrittenWithoutICU() throws {
        // The self-check may refuse a locale (then ICU writes it: slower, still right); for
        // the catalogs' languages and the demo fleet's regions it must not.
        for tag in ["en-US", "en-IN", "en-AU", "de-DE", "fr-FR", "es-ES", "nl-NL"] {
            let f = try Self.formatter(tag)
            for places in [0, 1, 2, 3] {
                #expect(f.writesWithoutICU(percent: false, places: places), "\(tag) numbers, \(places) places")
                #expect(f.writesWithoutICU(percent: true, places: places), "\(tag) percent, \(places) places")
            }
        }
    }

    @Test func handWorkedExamples() throws {
        // Written out from CLDR by hand, so a layout that learned wrongly from a wrong peer still fails.
        #expect(try Self.formatter("en-IN").decimal(123_456_789.5, places: 1) == "12,34,56,789.5")
        #expect(try Self.formatter("de-DE").decimal(-1_234_567.891, places: 2) == "-1.234.567,89")
        #expect(try Self.formatter("es-ES").decimal(1234, places: 0) == "1234")
        #expect(try Self.formatter("es-ES").decimal(12_345, places: 0) == "12.345")
        #expect(try Self.formatter("fr-FR").decimal(12_345.5, places: 1) == "12\u{202F}345,5")
        #expect(try Self.formatter("de-DE").percent(99.8316, places: 3) == "99,832\u{00A0}%")
        #expect(try Self.formatter("en-US").percent(-0.0004, places: 3) == "0.000%")
        #expect(try Self.formatter("en-US").decimal(0.125, places: 2) == "0.13")
    }
}
