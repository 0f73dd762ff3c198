import Analytics
import Foundation
import Rendering

/// The `performance` kind: per device and metric mean/min/max/p95/p99, change against the
/// previous period, least-squares slope per day, disk-full forecast; tenant daily table and charts.
struct PerformanceReport {
    static func build(_ context: inout ReportContext) throws -> BuiltReport {
        let period = context.period
        let current = try MetricCollector.collect(&context, period: period, perDay: true)
        // Only the previous period's means are shown: its cells are read without sketches.
        let previous = try MetricCollector.collect(&context, period: period.preceding, perDay: false, percentiles: false)
        var doc = context.document()
        let days = period.dayBuckets
        let asOf = Date(timeIntervalSince1970: Double(min(period.interval.end, Int64(context.now.timeIntervalSince1970))))
        let (rows, worst) = context.timed(\.compute) { c -> ([ReportRow], (disk: Int, forecast: Int)) in
            var rows: [ReportRow] = []
            var fullSoon = 0, forecasts = 0
            for device in c.devices {
                guard let m = current.devices[device.id] else {
                    rows.append(ReportRow([.text(device.name), .text("all"), .missing, .missing, .missing, .missing, .missing, .missing,
                                           .missing, .missing, .missing, .missing, .text("no data in this period"), .text(device.id)]))
                    continue
                }
                for (i, metric) in Metric.allCases.enumerated() {
                    let cell = m.period[i]
                    let previousMean = previous.devices[device.id]?.period[i].mean
                    let change = PeriodChange(current: cell.mean, previous: previousMean)
                    var points: [(t: Double, value: Double)] = []
                    for d in days.indices where m.dayCounts[i][d] > 0 {
                        points.append((Double(days[d].interval.start + days[d].interval.seconds / 2), m.daySums[i][d] / Double(m.dayCounts[i][d])))
                    }
                    let trend = Trend.fit(points)
                    var ninety: ReportValue = .missing, full: ReportValue = .missing
                    if metric == .disk {
                        let forecast = DiskForecast(trend: trend, asOf: asOf, lastValue: points.last?.value)
                        if let date = forecast.ninetyPercent.date { ninety = .instant(date); forecasts += 1 }
                        if let date = forecast.full.date {
                            full = .instant(date)
                            if date.timeIntervalSince(asOf) < 30 * 86_400 { fullSoon += 1 }
                        }
                    }
                    rows.append(ReportRow([.text(device.name), .text(metric.rawValue), KindSupport.value(cell.mean), KindSupport.value(cell.minimum),
                                           KindSupport.value(cell.maximum), KindSupport.value(cell.quantile(0.95)), KindSupport.value(cell.quantile(0.99)),
                                           KindSupport.value(previousMean), KindSupport.value(change?.absolute), KindSupport.value(trend?.slopePerDay),
                                           ninety, full, .text(cell.droppedSamples > 0 ? "\(cell.droppedSamples) invalid samples dropped" : ""),
                                           .text(device.id)],
                                          breached: metric == .disk && (cell.maximum ?? 0) >= 90))
                }
            }
            return (rows, (fullSoon, forecasts))
        }
        let tenantCells = Metric.allCases.indices.map { i in RollupCell.merged(current.devices.keys.sorted().map { current.devices[$0]!.period[i] }) }
        doc.kpis = [
            ReportKPI("devices", "Devices", .integer(Int64(context.devices.count)), format: .integer),
            ReportKPI("cpu_mean", "CPU mean", KindSupport.value(tenantCells[0].mean), format: .percent(places: 1)),
            ReportKPI("cpu_p95", "CPU p95", KindSupport.value(tenantCells[0].quantile(0.95)), format: .percent(places: 1)),
            ReportKPI("memory_mean", "Memory mean", KindSupport.value(tenantCells[1].mean), format: .percent(places: 1)),
            ReportKPI("disk_mean", "Disk mean", KindSupport.value(tenantCells[2].mean), format: .percent(places: 1)),
            ReportKPI("disk_full_30d", "Disks full within 30 days", .integer(Int64(worst.disk)), format: .integer,
                      status: worst.disk > 0 ? .warning : .ok),
        ]
        doc.tables = [
            ReportTable(name: "metrics", title: "Performance per device and metric", columns: [
                ReportColumn("device", "Device", .text, width: 28), ReportColumn("metric", "Metric", .text),
                ReportColumn("mean", "Mean", .decimal(places: 2)), ReportColumn("min", "Min", .decimal(places: 2)),
                ReportColumn("max", "Max", .decimal(places: 2)), ReportColumn("p95", "p95", .decimal(places: 2)),
                ReportColumn("p99", "p99", .decimal(places: 2)), ReportColumn("previous_mean", "Previous mean", .decimal(places: 2)),
                ReportColumn("change", "Change", .decimal(places: 2)), ReportColumn("slope_per_day", "Slope / day", .decimal(places: 3)),
                ReportColumn("disk_90pct_at", "Disk 90 % at", .timestamp(local: true)), ReportColumn("disk_full_at", "Disk full at", .timestamp(local: true)),
                ReportColumn("note", "Note", .text), ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
            ], rows: ReportRowSource(rows), html: .top(context.definition.options.topN, by: "p95", ascending: false))
            .captioned(ReportMessage("performance.caption.metrics",
                                     english: "Values in percent. p95/p99 from merged hourly sketches (within 1 % of the exact percentile). Red rows: disk above 90 %.")),
            dailyTable(current, days: days),
        ]
        doc.charts = Metric.allCases.indices.map { i in hourlyChart(current, metric: i, period: period) }
        if context.devices.isEmpty { doc.addNote(ReportMessage("note.no_devices_in_period", english: "This tenant has no devices in this period: no data.")) }
        if current.devices.isEmpty && !context.devices.isEmpty {
            doc.addNote(ReportMessage("note.no_samples", english: "No metric samples were recorded in this period: no data."))
        }
        return BuiltReport(document: doc, summary: ReportNotification.Summary(availabilityPct: nil, slaTargetPct: nil, slaMet: nil,
                                                                              devices: context.devices.count, outages: nil))
    }

    static func dailyTable(_ result: MetricCollector.Result, days: [TimeBucket]) -> ReportTable {
        let rows: [ReportRow] = days.indices.map { d in
            let date = CivilDate(daysSinceEpoch: (days[d].interval.start + Int64(days[d].utcOffsetSeconds)) / 86_400)
            var values: [ReportValue] = [.date(KindSupport.reportDate(date))]
            for m in Metric.allCases.indices {
                values.append(KindSupport.value(result.tenantDays[m][d].mean))
                values.append(KindSupport.value(result.tenantDays[m][d].maximum))
            }
            return ReportRow(values)
        }
        return ReportTable(name: "daily", title: "Daily tenant averages", columns: [
            ReportColumn("date", "Date", .date),
            ReportColumn("cpu_mean", "CPU mean", .decimal(places: 2)), ReportColumn("cpu_max", "CPU max", .decimal(places: 2)),
            ReportColumn("memory_mean", "Memory mean", .decimal(places: 2)), ReportColumn("memory_max", "Memory max", .decimal(places: 2)),
            ReportColumn("disk_mean", "Disk mean", .decimal(places: 2)), ReportColumn("disk_max", "Disk max", .decimal(places: 2)),
        ], rows: ReportRowSource(rows), html: .none,
           chart: TableChart(title: "Daily means", x: "date", y: ["cpu_mean", "memory_mean", "disk_mean"], unit: "%"))
    }

    /// The tenant's hourly mean of one metric, downsampled with LTTB; missing hours stay gaps.
    static func hourlyChart(_ result: MetricCollector.Result, metric m: Int, period: ReportPeriod) -> ReportChart {
        let hours = result.tenantHours[m].keys.sorted()
        let x = hours.map(Double.init)
        let y = hours.map { h -> Double in let s = result.tenantHours[m][h]!; return s.samples > 0 ? s.sum / Double(s.samples) : .nan }
        var points: [ChartSeries.Point] = []
        for segment in ChartDownsampler.lttbIndices(x: x, y: y, maxPoints: 400, maxGap: 3600 * 1.5) {
            if !points.isEmpty, let first = segment.first {
                points.append(ChartSeries.Point(x: Date(timeIntervalSince1970: x[first] - 1), y: nil))
            }
            for i in segment { points.append(ChartSeries.Point(x: Date(timeIntervalSince1970: x[i]), y: y[i].isFinite ? y[i] : nil)) }
        }
        let metric = Metric.allCases[m]
        return ReportChart(title: "\(metric.label), hourly tenant mean", unit: "%", style: .line,
                           series: [ChartSeries(name: metric.label, points: points, key: metric.rawValue)], yRange: 0...100,
                           key: "hourly_\(metric.rawValue)")
    }
}
