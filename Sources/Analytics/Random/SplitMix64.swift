import Foundation

/// A small, fast, deterministic PRNG (SplitMix64, Steele et al. 2014): the same seed gives the same numbers on every machine.
///
/// The project's one generator: the synthetic fleet, the benchmarks and the tests' data all
/// draw from it, so a seed names the same fleet everywhere. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting at `seed`.
    public init(seed: UInt64) { state = seed }

    /// A generator for one stream of a seed (tenant, device, ...), independent of the others.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// Uniform integer in `0..<n` (`n > 0`), by modulo: cheap, with a bias below 2^-40 for small `n`.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Approximately normal (mean 0, sd 1): sum of 4 uniforms, cheap and bounded.
    public mutating func gaussian() -> Double { (unit() + unit() + unit() + unit() - 2.0) * 1.7320508 }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        let u1 = Swift.max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A deterministic UUID in version-4 layout (lower-case).
    public mutating func uuid() -> String {
        let a = next(), b = next()
        var chars = Array(Self.hex16(a) + Self.hex16(b))
        chars[12] = "4"
        chars[16] = ["8", "9", "a", "b"][Int(b >> 60) & 3]
        let s = String(chars)
        let i = s.startIndex
        func part(_ from: Int, _ to: Int) -> Substring { s[s.index(i, offsetBy: from)..<s.index(i, offsetBy: to)] }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    private static func hex16(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
