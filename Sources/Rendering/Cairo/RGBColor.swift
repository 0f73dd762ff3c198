/// An opaque sRGB colour with components in 0...1, parsed from `#rrggbb`.
struct RGBColor: Hashable, Sendable {
    var red: Double
    var green: Double
    var blue: Double

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb` (or `rrggbb`); anything else is black.
    init(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        let v = digits.count == 6 ? UInt32(digits, radix: 16) ?? 0 : 0
        self.init(red: Double((v >> 16) & 0xFF) / 255, green: Double((v >> 8) & 0xFF) / 255, blue: Double(v & 0xFF) / 255)
    }

    static let white = RGBColor(red: 1, green: 1, blue: 1)
}
