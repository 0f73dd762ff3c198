extension String {
    /// The string with leading zeros up to `width` characters (`"7".leftPad(3)` is `"007"`).
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
