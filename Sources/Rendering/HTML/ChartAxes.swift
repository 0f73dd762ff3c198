import Foundation

/// Axis ticks for SVG charts: "nice" value steps and local-time calendar ticks.
enum ChartAxes {
    /// Ticks covering `lo...hi` with a 1-2-2.5-5 step, about `count` of them, and the decimals to show.
    static func valueTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> (ticks: [Double], places: Int) {
        // Values near the Double range (±1e308) would make the span, the step and the places
        // infinite: the axis is then just the two ends, never a crash.
        guard lo.isFinite, hi.isFinite, (hi - lo).isFinite, ((hi - lo) / Double(max(count, 1))).isFinite else {
            let ends = [lo, hi].filter(\.isFinite)
            return (ends.isEmpty ? [0] : Array(Set(ends)).sorted(), 0)
        }
        var lo = lo, hi = hi
        if hi - lo < 1e-9 { lo -= max(abs(lo) * 0.05, 1); hi += max(abs(hi) * 0.05, 1) }
        let rough = (hi - lo) / Double(count)
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = (lo / step).rounded(.down) * step
        let last = Swift.min((hi / step).rounded(.up) * step, .greatestFiniteMagnitude)
        var ticks: [Double] = []
        var v = first
        while v.isFinite && v <= last + step * 1e-6 && ticks.count < 50 {
            ticks.append(abs(v) < step * 1e-9 ? 0 : v)
            v = first + step * Double(ticks.count)
        }
        guard step.isFinite, step > 0 else { return ([lo, hi], 0) }
        let places = max(0, Int((-log10(step)).rounded(.up)) + (step / magnitude == 2.5 ? 1 : 0))
        return (ticks, min(places, 6))
    }

    /// Tick instants at local calendar boundaries within `from...to`, with labels.
    /// Labels are the locale's (`1. Nov.`, `Nov 1`, `14:00`, `2 PM`; `formatter` nil: en-US).
    static func timeTicks(from: Date, to: Date, zone: TimeZone, maxTicks: Int = 8, formatter: ValueFormatter? = nil) -> [(Date, String)] {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = zone
        let span = to.timeIntervalSince(from)
        let words = formatter ?? ReportLocalization.builtInEnglish.formatter(timeZone: zone)
        func label(_ d: Date, _ unit: Calendar.Component) -> String {
            let c = cal.dateComponents([.hour, .minute], from: d)
            switch unit {
            case .hour: return c.hour == 0 && c.minute == 0 ? words.dayMonth(d) : words.time(d)
            case .month: return words.monthYear(d)
            default: return words.dayMonth(d)
            }
        }
        var ticks: [(Date, String)] = []
        /// Every `step`-th local start of `unit` (day or month) from the first one inside the span.
        func calendarTicks(_ unit: Calendar.Component, every step: Int) {
            var d = cal.dateInterval(of: unit, for: from)?.start ?? from
            if d < from, let n = cal.date(byAdding: unit, value: 1, to: d) { d = n }
            var i = 0
            while d <= to && ticks.count < 200 {
                if i % step == 0 { ticks.append((d, label(d, unit))) }
                guard let n = cal.date(byAdding: unit, value: 1, to: d) else { break }
                d = n
                i += 1
            }
        }
        if span <= 3 * 86_400 {
            let step = [1, 2, 3, 6, 12, 24].first { span / Double($0 * 3600) <= Double(maxTicks) } ?? 24
            var d = cal.dateInterval(of: .day, for: from)?.start ?? from
            while d <= to && ticks.count < 200 {
                if d >= from, (cal.component(.hour, from: d) % step) == 0 { ticks.append((d, label(d, .hour))) }
                guard let n = cal.date(byAdding: .hour, value: 1, to: d) else { break }
                d = n
            }
        } else if span <= 120 * 86_400 {
            let days = span / 86_400
            calendarTicks(.day, every: [1, 2, 7, 14].first { days / Double($0) <= Double(maxTicks) } ?? 28)
        } else {
            let monthsSpan = span / (30 * 86_400)
            calendarTicks(.month, every: [1, 2, 3, 6, 12].first { monthsSpan / Double($0) <= Double(maxTicks) } ?? 12)
        }
        return ticks
    }
}
