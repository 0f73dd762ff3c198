import Analytics
import Foundation

extension TableChart {
    /// The chart of `table` as a `ReportChart`: the x column (instants, or dates at the first
    /// instant of their local day in `zone`) against one series per y column, in one pass over the rows.
    ///
    /// HTML, PDF and the e-mail PNG all draw this, so a table chart reads the same in every format.
    func chart(of table: ReportTable, zone: TimeZone) throws -> ReportChart {
        guard let xi = table.columnIndex(x) else { return ReportChart(title: title, unit: unit, series: []) }
        let yi = y.compactMap { table.columnIndex($0) }
        var series = yi.map { ChartSeries(name: table.columns[$0].title, points: []) }
        var iterator = try table.rows.makeIterator()
        let clock = LocalClock(zone)
        while let row = try iterator.nextRow(table: table.name) {
            guard xi < row.values.count else { continue }
            let at: Date
            switch row.values[xi] {
            case .instant(let d): at = d
            case .date(let d): at = Date(timeIntervalSince1970: Double(clock.instant(forWallClock: Int64(d.daysSinceEpoch) * 86_400)))
            default: continue
            }
            for (k, i) in yi.enumerated() {
                series[k].points.append(ChartSeries.Point(x: at, y: i < row.values.count ? row.values[i].doubleValue : nil))
            }
        }
        return ReportChart(title: title, unit: unit, style: style, series: series, referenceLines: referenceLines, yRange: yRange)
    }
}
