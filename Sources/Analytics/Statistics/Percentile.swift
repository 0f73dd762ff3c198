/// Exact percentiles of small in-memory samples, with the two definitions the module uses.
///
/// - `linear` (Hyndman-Fan type 7; numpy's default `method="linear"`, Excel
///   `PERCENTILE.INC`): `h = q·(n−1)`, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`. Used for
///   alert time-to-resolve.
/// - `lower` (numpy `method="lower"`): `x[⌊q·(n−1)⌋]`, an observed value. This is what
///   `QuantileSketch.quantile` approximates.
/// `q` is a fraction (p90 is 0.9); values are sorted internally; nil for an empty sample or
/// `q` outside 0...1. NaN values must be removed by the caller.
public enum Percentile {
    /// Linear-interpolation percentile (type 7).
    public static func linear(_ values: [Double], _ q: Double) -> Double? {
        linear(sorted: values.sorted(), q)
    }

    /// Linear-interpolation percentile of already sorted values.
    public static func linear(sorted x: [Double], _ q: Double) -> Double? {
        guard !x.isEmpty, q >= 0, q <= 1 else { return nil }
        let h = Double(x.count - 1) * q
        let lo = Int(h.rounded(.down))
        let frac = h - Double(lo)
        guard lo + 1 < x.count else { return x[lo] }
        // numpy's _lerp: a + (b - a) * t, with the symmetric form for t >= 0.5.
        let a = x[lo], b = x[lo + 1], diff = b - a
        return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac
    }

    /// Lower percentile: the sorted value at rank `⌊q·(n−1)⌋`.
    public static func lower(_ values: [Double], _ q: Double) -> Double? {
        lower(sorted: values.sorted(), q)
    }

    /// Lower percentile of already sorted values.
    public static func lower(sorted x: [Double], _ q: Double) -> Double? {
        guard !x.isEmpty, q >= 0, q <= 1 else { return nil }
        return x[Int((Double(x.count - 1) * q).rounded(.down))]
    }
}
