import Foundation
import Testing
@testable import Rendering

@Suite struct FormattingTests {
    /// Chart values near the ends of the Double range give an axis, never a crash (the HTML chart trapped on ±1e308).
    @Test func chartAxesSurviveExtremeValues() {
        for (lo, hi) in [(-1e308, 1e308), (0, 1.7e308), (-Double.infinity, 5), (3, Double.nan), (-1e307, 1e307)] {
            let axis = ChartAxes.valueTicks(lo, hi)
            #expect(!axis.ticks.isEmpty, "\(lo)...\(hi)")
            let finite = axis.ticks.allSatisfy { $0.isFinite }
            #expect(finite, "\(lo)...\(hi): \(axis.ticks)")
            #expect((0...6).contains(axis.places))
        }
        // Ordinary ranges are unchanged: 0...100 in steps of 20.
        #expect(ChartAxes.valueTicks(0, 100).ticks == [0, 20, 40, 60, 80, 100])
    }

    @Test func fixedDecimalsAreLocaleFreeAndRounded() {
        #expect(NumberText.fixed(-2.5, places: 3) == "-2.500")
        #expect(NumberText.fixed(0.125, places: 2) == "0.13")
        #expect(NumberText.fixed(-0.001, places: 2) == "0.00")
        #expect(NumberText.fixed(99.9999, places: 3) == "100.000")
        #expect(NumberText.fixed(1234567.891, places: 1) == "1234567.9")
        #expect(NumberText.fixed(3, places: 0) == "3")
        #expect(NumberText.groupedFixed(-1234567.891, places: 1) == "-1,234,567.9")
        #expect(NumberText.grouped(1_000) == "1,000")
        #expect(NumberText.humanDuration(42) == "42 s")
        #expect(NumberText.humanDuration(725) == "12 min 05 s")
        #expect(NumberText.humanDuration(11_100) == "3 h 05 min")
        #expect(NumberText.humanDuration(-90_000) == "−1 d 1 h")
    }

    @Test func isoTimestampsMatchFoundation() {
        let iso = ISO8601DateFormatter()
        var seed: UInt64 = 42
        for _ in 0..<2_000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let t = Double(Int64(bitPattern: seed >> 1) % 8_000_000_000) - 2_000_000_000
            let d = Date(timeIntervalSince1970: t)
            #expect(DateText.isoUTC(d) == iso.string(from: d))
        }
    }

    @Test func brandingDropsUnsafeValues() {
        #expect(ReportBranding(accentColor: "#0F766E").validatedAccent == "#0f766e")
        for bad in ["red", "#12345g", "#1234567", "#fff", "#123456;background:url(x)", ""] {
            #expect(ReportBranding(accentColor: bad).validatedAccent == ReportBranding.defaultAccent)
        }
        #expect(ReportBranding(logoDataURI: "data:image/png;base64,iVBORw0KGgo=").validatedLogo != nil)
        for bad in ["javascript:alert(1)", "https://evil.example/logo.png", "data:text/html;base64,PHNjcmlwdD4=",
                    "data:image/png;base64,\"><script>", "data:image/svg+xml,<svg onload=alert(1)>"] {
            #expect(ReportBranding(logoDataURI: bad).validatedLogo == nil, "\(bad)")
        }
    }

    @Test func xlsxTextIsCutAtTheCellLimit() {
        let (text, truncated) = TextSafety.xlsxText(String(repeating: "é", count: 40_000))
        #expect(truncated && text.utf16.count <= 32_767 && text.contains("truncated"))
        let (clean, _) = TextSafety.xlsxText("a\u{0001}b")
        #expect(clean == "a\u{FFFD}b")
    }

    @Test func sheetNamesFollowExcelRules() {
        var taken = Set<String>()
        var names: [String] = []
        for raw in ["Devices", "devices", "a/b:c*d?e[f]g\\h", "'quoted'", String(repeating: "x", count: 40), String(repeating: "x", count: 40), "History"] {
            let n = XLSXWorkbook.uniqueSheetName(raw, taken: taken)
            taken.insert(n.lowercased())
            names.append(n)
        }
        #expect(names[0] == "Devices" && names[1] == "devices (2)" && names[2] == "a_b_c_d_e_f_g_h" && names[3] == "quoted")
        #expect(names[4].count == 31 && names[5].hasSuffix(" (2)") && names[5].count == 31)
        #expect(names[6] == "History (2)")
    }
}
