import Analytics
import Foundation
import Rendering

/// The `sla` kind: availability, target, error budget, outages, MTTR/MTBF per tenant and device, daily trend.
struct SLAReport {
    static func build(_ context: inout ReportContext) throws -> BuiltReport {
        let result = try AvailabilityCollector.collect(&context)
        let target = context.slaTarget
        var doc = context.document()
        let totals = result.tenant.totals
        let met = totals.meets(targetPercent: target)
        let budget = totals.errorBudget(targetPercent: target)
        let status: KPIStatus? = met.map { $0 ? .ok : .breached }
        var availability = ReportKPI("availability_pct", "Availability", KindSupport.value(totals.availabilityPercent), format: .percent(places: 3),
                                     status: status, hint: totals.monitoredSeconds == 0 ? "no data: nothing was monitored in this period" : nil)
        if totals.monitoredSeconds == 0 {
            availability.hintMessage = ReportMessage("sla.hint.no_data", english: "no data: nothing was monitored in this period")
        }
        doc.kpis = [
            availability,
            ReportKPI("sla_target_pct", "SLA target", .number(target), format: .percent(places: 3)),
            ReportKPI("sla_met", "SLA", .text(met.map { $0 ? "met" : "breached" } ?? "no data"), format: .text, status: status),
            ReportKPI("error_budget_allowed_s", "Error budget", KindSupport.value(budget?.allowedSeconds), format: .duration),
            ReportKPI("error_budget_used_s", "Budget used", KindSupport.value(budget.map { Double($0.usedSeconds) }), format: .duration),
            ReportKPI("error_budget_left_s", "Budget left", KindSupport.value(budget?.leftSeconds), format: .duration,
                      status: budget.map { $0.leftSeconds >= 0 ? .ok : .breached }),
            ReportKPI("downtime_s", "Downtime", .integer(totals.downSeconds), format: .duration),
            ReportKPI("outages", "Outages", .integer(Int64(totals.outageCount)), format: .integer),
            ReportKPI("longest_outage_s", "Longest outage", totals.outageCount > 0 ? .integer(totals.longestOutageSeconds) : .missing, format: .duration),
            ReportKPI("mttr_s", "MTTR", KindSupport.value(totals.mttrSeconds), format: .duration),
            ReportKPI("mtbf_s", "MTBF", KindSupport.value(totals.mtbfSeconds), format: .duration),
            ReportKPI("devices", "Devices", .integer(Int64(result.devices.count)), format: .integer),
        ]
        if let i = doc.kpis.firstIndex(where: { $0.key == "sla_met" }) { doc.kpis.insert(contentsOf: objectiveKPIs(result), at: i + 1) }
        doc.kpis += serviceKPIs(result, totals: totals, period: context.period)
        let topN = context.definition.options.topN
        let days = context.period.dayBuckets
        if !result.calendar.isAlways {
            doc.addNote(ServiceCalendarSummary.note(result.calendar, period: context.period, zone: context.tenant.timeZoneName))
        }
        let rendered = context.timed(\.compute) { _ in (devices: deviceTable(result, target: target, topN: topN),
                                                        outages: outageTable(result), daily: dailyTable(result, days: days, target: target)) }
        doc.tables = [rendered.devices, rendered.daily, rendered.outages]
        if result.devices.isEmpty { doc.addNote(ReportMessage("note.no_devices_in_period", english: "This tenant has no devices in this period: no data.")) }
        let summary = ReportNotification.Summary(availabilityPct: totals.availabilityPercent.map { ($0 * 1000).rounded() / 1000 },
                                                 slaTargetPct: target, slaMet: met, devices: result.devices.count, outages: totals.outageCount)
        return BuiltReport(document: doc, summary: summary)
    }

    static func deviceTable(_ result: AvailabilityCollector.Result, target: Double, topN: Int) -> ReportTable {
        let rows: [ReportRow] = result.devices.map { device, a in
            let t = a.totals
            let met = t.meets(targetPercent: target)
            let objective = result.objective.map { $0.isMet(by: t) }
            return ReportRow([
                .text(device.name), .text(device.type), KindSupport.value(t.availabilityPercent), .integer(t.monitoredSeconds),
                .integer(t.downSeconds), .integer(t.maintenanceSeconds), .integer(t.plannedDownSeconds), .integer(t.outsideServiceDownSeconds),
                .integer(Int64(t.outageCount)),
                t.outageCount > 0 ? .integer(t.longestOutageSeconds) : .missing, KindSupport.value(t.mttrSeconds), KindSupport.value(t.mtbfSeconds),
                KindSupport.value(t.errorBudget(targetPercent: target)?.leftSeconds),
                .text(met.map { $0 ? "met" : "breached" } ?? "no data"), .text(objectiveText(objective)), .text(device.id),
            ], breached: met == false || objective == .some(false))
        }
        return ReportTable(name: "devices", title: "Availability per device", columns: [
            ReportColumn("device", "Device", .text, width: 28), ReportColumn("type", "Type", .text),
            ReportColumn("availability_pct", "Availability", .percent(places: 3)), ReportColumn("monitored_s", "Monitored", .duration),
            ReportColumn("downtime_s", "Downtime", .duration), ReportColumn("maintenance_s", "Maintenance", .duration),
            ReportColumn("planned_downtime_s", "Planned downtime", .duration),
            ReportColumn("outside_service_downtime_s", "Down outside service", .duration, inHTML: !result.calendar.isAlways),
            ReportColumn("outages", "Outages", .integer), ReportColumn("longest_outage_s", "Longest outage", .duration),
            ReportColumn("mttr_s", "MTTR", .duration), ReportColumn("mtbf_s", "MTBF", .duration),
            ReportColumn("error_budget_left_s", "Budget left", .duration), ReportColumn("sla", "SLA", .text),
            ReportColumn("outage_objective", "Outage objective", .text, inHTML: result.objective != nil),
            ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
        ], rows: ReportRowSource(rows), html: .top(topN, by: "availability_pct", ascending: true))
        .captioned(ReportMessage(result.objective == nil ? "calendar.caption_devices" : "calendar.caption_devices_objective",
                                 english: "Red rows breached the SLA target of \(NumberFormatting.percent(target))"
                                     + (result.objective.map { " or the outage objective of at most \($0.maxOutages) outages" } ?? "")
                                     + ". Devices with no heartbeat at all count as down. Monitored and downtime (unplanned) are in service time; "
                                     + "planned downtime is down time inside maintenance windows (not counted).",
                                 arguments: [.init("target", .number(target), .percent(places: 3)),
                                             .init("max", .integer(Int64(result.objective?.maxOutages ?? 0)), .integer)]))
    }

    static func outageTable(_ result: AvailabilityCollector.Result) -> ReportTable {
        // By start, then device name, then id: sort keys built once, not in the comparator.
        var keyed: [(start: Date, name: String, id: String, row: ReportRow)] = []
        for (device, a) in result.devices {
            for o in a.outages {
                keyed.append((o.start, device.name, device.id,
                              ReportRow([.text(device.name), .instant(o.start), .instant(o.end), .integer(o.seconds), .integer(o.inServiceSeconds),
                                         .text(o.touchesServiceTime ? "yes" : "no"), .text(o.cause.rawValue),
                                         .text(o.extentEnd == nil ? "ongoing" : ""), .text(device.id)])))
            }
        }
        keyed.sort { ($0.start, $0.name, $0.id) < ($1.start, $1.name, $1.id) }
        let rows = keyed.map(\.row)
        return ReportTable(name: "outages", title: "Outages", columns: [
            ReportColumn("device", "Device", .text, width: 28), ReportColumn("start", "Start", .timestamp(local: true)),
            ReportColumn("end", "End", .timestamp(local: true)), ReportColumn("duration_s", "Duration", .duration),
            ReportColumn("in_service_s", "In service", .duration), ReportColumn("service_time", "Counts", .text),
            ReportColumn("cause", "Cause", .text), ReportColumn("state", "State", .text), ReportColumn("device_id", "Device id", .text, width: 38, inHTML: false),
        ], rows: ReportRowSource(rows), html: .top(10, by: "duration_s", ascending: false))
        .captioned(ReportMessage("calendar.caption_outages",
                                 english: "Outages shorter than the definition's outage_min are counted as up. Times in the tenant's time zone. "
                                     + "An outage counts (once, with its in-service seconds) when it touches service time."))
    }

    static func dailyTable(_ result: AvailabilityCollector.Result, days: [TimeBucket], target: Double) -> ReportTable {
        let rows: [ReportRow] = days.enumerated().map { i, bucket in
            let t = i < result.tenant.buckets.count ? result.tenant.buckets[i] : AvailabilityTotals()
            let day = CivilDate(daysSinceEpoch: (bucket.interval.start + Int64(bucket.utcOffsetSeconds)) / 86_400)
            return ReportRow([.date(KindSupport.reportDate(day)), KindSupport.value(t.availabilityPercent), .integer(t.downSeconds),
                              .integer(t.maintenanceSeconds), .integer(t.monitoredSeconds), .integer(t.plannedDownSeconds),
                              .integer(t.outsideServiceDownSeconds)],
                             breached: t.meets(targetPercent: target) == false)
        }
        return ReportTable(name: "daily", title: "Daily availability", columns: [
            ReportColumn("date", "Date", .date), ReportColumn("availability_pct", "Availability", .percent(places: 3)),
            ReportColumn("downtime_s", "Downtime", .duration), ReportColumn("maintenance_s", "Maintenance", .duration),
            ReportColumn("monitored_s", "Monitored", .duration), ReportColumn("planned_downtime_s", "Planned downtime", .duration),
            ReportColumn("outside_service_downtime_s", "Down outside service", .duration),
        ], rows: ReportRowSource(rows), html: .none,
           chart: TableChart(title: "Daily availability", x: "date", y: ["availability_pct"], unit: "%",
                             referenceLines: [ChartReferenceLine(label: "target", value: target)]))
        .captioned(ReportMessage("calendar.caption_daily",
                                 english: "A day without service time (a weekend or holiday of the service calendar) has no availability: the chart leaves a gap."))
    }
}

extension SLAReport {
    /// `met`, `breached`, `no data` (nothing monitored), `—` (no `max_outages`).
    static func objectiveText(_ met: Bool??) -> String {
        switch met {
        case .none: return "—"
        case .some(.none): return "no data"
        case .some(.some(let m)): return m ? "met" : "breached"
        }
    }

    /// The service calendar and the outage-count objective in the summary.
    static func serviceKPIs(_ result: AvailabilityCollector.Result, totals: AvailabilityTotals, period: ReportPeriod) -> [ReportKPI] {
        let service = result.engine.serviceTime.seconds(in: result.engine.period)
        var kpis = ServiceCalendarSummary.kpis(result.calendar, period: period, serviceSeconds: service)
        kpis += [
            ReportKPI("planned_downtime_s", "Planned downtime", .integer(totals.plannedDownSeconds), format: .duration, hint: "in maintenance, not counted"),
            ReportKPI("outside_service_downtime_s", "Down outside service", .integer(totals.outsideServiceDownSeconds), format: .duration,
                      hint: "for information, not counted"),
        ]
        return kpis
    }

    /// The outage-count objective next to the SLA status (nothing without `max_outages`).
    static func objectiveKPIs(_ result: AvailabilityCollector.Result) -> [ReportKPI] {
        var kpis: [ReportKPI] = []
        if let objective = result.objective {
            let met = objective.isMet(byEvery: result.devices.map(\.availability))
            let breached = result.devices.filter { objective.isMet(by: $0.availability) == false }.count
            kpis += [
                ReportKPI("max_outages", "Max outages", .integer(Int64(objective.maxOutages)), format: .integer, hint: "at most, per device"),
                ReportKPI("outage_objective", "Outage objective", .text(objectiveText(.some(met))), format: .text,
                          status: met.map { $0 ? .ok : .breached }, hint: breached > 0 ? "\(breached) device(s) over it" : nil),
            ]
        }
        return kpis
    }
}

/// Plain number formatting for captions and notes.
enum NumberFormatting {
    static func percent(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " %"
    }
}

extension ReportValue {
    /// A comparable key for sorting rows (text, then numbers, instants and dates as numbers).
    var sortKey: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(format: "%020lld", i)
        case .number(let d): return String(format: "%030.9f", d)
        case .instant(let d): return String(format: "%020.3f", d.timeIntervalSince1970)
        case .date(let d): return d.description
        case .missing: return ""
        }
    }
}
