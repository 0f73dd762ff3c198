import Foundation
import Testing
@testable import Analytics

@Suite struct TrendTests {
    @Test func slopeOfAnExactLine() throws {
        let t0 = Double(utc("2026-10-01T00:00:00Z"))
        let points = (0..<30).map { (t: t0 + Double($0) * 86_400, value: 40 + 0.5 * Double($0)) }
        let trend = try #require(Trend.fit(points))
        #expect(abs(trend.slopePerDay - 0.5) < 1e-12)
        #expect(abs(trend.value(at: t0) - 40) < 1e-9)
        // 90 % at day 100, 100 % at day 120 from t0.
        let asOf = Date(timeIntervalSince1970: t0 + 30 * 86_400)
        let f = DiskForecast(trend: trend, asOf: asOf, lastValue: 54.5)
        #expect(abs((f.ninetyPercent.days(from: Date(timeIntervalSince1970: t0)) ?? 0) - 100) < 1e-6)
        #expect(abs((f.full.days(from: Date(timeIntervalSince1970: t0)) ?? 0) - 120) < 1e-6)
    }

    @Test func forecastCases() throws {
        let t0 = 1_800_000_000.0
        let falling = try #require(Trend.fit([(t0, 50), (t0 + 86_400, 49)]))
        let asOf = Date(timeIntervalSince1970: t0 + 86_400)
        #expect(falling.crossing(of: 90, asOf: asOf, lastValue: 49) == .notRising)
        #expect(falling.crossing(of: 90, asOf: asOf, lastValue: 49).date == nil)
        let rising = try #require(Trend.fit([(t0, 85), (t0 + 86_400, 92)]))
        #expect(rising.crossing(of: 90, asOf: asOf, lastValue: 92) == .alreadyReached)
        #expect(rising.crossing(of: 100, asOf: asOf, lastValue: 92).date != nil)
        #expect(DiskForecast(trend: nil, asOf: asOf, lastValue: 95).ninetyPercent == .alreadyReached)
        #expect(DiskForecast(trend: nil, asOf: asOf, lastValue: 95).full == .notRising)
        #expect(Trend.fit([(t0, 1)]) == nil)
        #expect(Trend.fit([(t0, 1), (t0, 2)]) == nil)
        #expect(Trend.fit([(t0, 1), (t0 + 1, .nan)]) == nil)
        let flat = try #require(Trend.fit([(t0, 5), (t0 + 60, 5)]))
        #expect(flat.slopePerDay == 0)
    }

    @Test func changeAgainstPreviousPeriod() throws {
        let c = try #require(PeriodChange(current: 30, previous: 20))
        #expect(c.absolute == 10 && c.relative == 0.5)
        let down = try #require(PeriodChange(current: 15, previous: -20))
        #expect(down.relative == 1.75)
        #expect(PeriodChange(current: 5, previous: 0)?.relative == nil)
        #expect(PeriodChange(current: nil, previous: 3) == nil)
        #expect(PeriodChange(current: 3, previous: .nan) == nil)
    }
}
