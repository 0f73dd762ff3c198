/// M4 downsampling (Jugel et al. 2014): for each of `columns` equal-width x columns keep
/// the first, last, minimum and maximum point, so a line chart `columns` pixels wide
/// renders exactly like the full series.
///
/// Returns ascending indices, at most `4 · columns`; ties keep the earliest point. x must
/// be non-decreasing and finite; points with non-finite y are skipped.
public enum M4 {
    /// Indices of the points M4 keeps for a chart `columns` wide.
    public static func indices(x: [Double], y: [Double], columns: Int) -> [Int] {
        let n = Swift.min(x.count, y.count)
        guard n > 0, columns > 0 else { return [] }
        let x0 = x[0]
        let width = x[n - 1] - x0
        var keep: [Int] = []
        var column = -1
        var first = 0, last = 0, lo = 0, hi = 0
        func flush() {
            guard column >= 0 else { return }
            for i in Set([first, lo, hi, last]).sorted() { keep.append(i) }
        }
        for i in 0..<n where y[i].isFinite {
            let c = width > 0 ? Swift.min(columns - 1, Int((x[i] - x0) / width * Double(columns))) : 0
            if c != column {
                flush()
                column = c
                first = i; last = i; lo = i; hi = i
            } else {
                last = i
                if y[i] < y[lo] { lo = i }
                if y[i] > y[hi] { hi = i }
            }
        }
        flush()
        return keep
    }
}
