import Foundation

/// A table's `TableChart` as a `ReportChart`: the x column (instants, or dates at local
/// midnight) against one series per y column, read in one pass over the rows.
enum TableChartData {
    static func chart(_ spec: TableChart, table: ReportTable, zone: TimeZone) throws -> ReportChart {
        guard let xi = table.columnIndex(spec.x) else { return ReportChart(title: spec.title, unit: spec.unit, series: []) }
        let yi = spec.y.compactMap { table.columnIndex($0) }
        var series = yi.map { ChartSeries(name: table.columns[$0].title, points: []) }
        var iterator = try table.rows.makeIterator()
        var offsets = OffsetCache(zone: zone)
        while let row = try iterator.nextRow(table: table.name) {
            guard xi < row.values.count else { continue }
            let x: Date
            switch row.values[xi] {
            case .instant(let d): x = d
            case .date(let d):
                let localMidnight = d.daysSinceEpoch * 86_400
                let guess = localMidnight - offsets.offset(at: localMidnight)
                x = Date(timeIntervalSince1970: Double(localMidnight - offsets.offset(at: guess)))
            default: continue
            }
            for (k, i) in yi.enumerated() {
                series[k].points.append(ChartSeries.Point(x: x, y: i < row.values.count ? row.values[i].doubleValue : nil))
            }
        }
        return ReportChart(title: spec.title, unit: spec.unit, style: spec.style, series: series,
                           referenceLines: spec.referenceLines, yRange: spec.yRange)
    }
}
