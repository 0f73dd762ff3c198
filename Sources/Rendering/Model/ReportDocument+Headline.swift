import Foundation

extension ReportDocument {
    /// The report's headline chart: the first chart of the document that has a point to draw.
    ///
    /// "First" in the order HTML and PDF show charts: the table charts in table order, then the
    /// document's own charts (so SLA gives its daily availability with the target, performance its
    /// tenant daily means). A table chart whose x column holds neither instants nor dates draws
    /// nothing and is passed over. Nil when no chart has a finite value (no data: no picture).
    public func headlineChart() throws -> ReportChart? {
        let zone = try timeZone()
        for table in tables {
            guard let spec = table.chart else { continue }
            let chart = try spec.chart(of: table, zone: zone)
            if Self.hasPoint(chart) { return chart }
        }
        return charts.first(where: Self.hasPoint)
    }

    static func hasPoint(_ chart: ReportChart) -> Bool {
        chart.series.contains { $0.points.contains { $0.y?.isFinite == true } }
    }
}
