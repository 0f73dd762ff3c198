import Foundation

extension ReportDocument {
    /// The document with every title, label, caption, note and status word in `localization`'s language.
    ///
    /// Looked up by the stable keys the kinds give (most specific first, the kind's English as
    /// the last resort): table titles `<kind>.table.<name>`, `table.<name>`; sheet names
    /// `<kind>.sheet.<name>`; column titles `<kind>.column.<table>.<key>`, `<kind>.column.<key>`,
    /// `column.<key>`; KPI labels `<kind>.kpi.<key>`, `kpi.<key>`; chart titles
    /// `<kind>.chart.<table or chart key>`, units `unit.<unit>`, series `series.<key>`, reference
    /// lines `reference.<label>`; text values of a column or KPI `value.<key>.<text>` (e.g.
    /// `value.sla.met`); the title `definition.<name>` when it is the shipped English one;
    /// captions, hints and notes given as `ReportMessage`s by their key. CSV never uses this: it
    /// stays machine-readable and identical in every locale. Only the locale's own catalogs are
    /// used here (not `en.yaml`): what has no word in them stays as the kind wrote it.
    public func localized(_ l: ReportLocalization, formatter: ValueFormatter) -> ReportDocument {
        guard !isLocalized else { return self }
        var doc = self
        doc.isLocalized = true
        let english = ReportLocalization.englishOnly(l)
        if let shipped = english.message("definition.\(definition)"), shipped == title {
            doc.title = l.own(["definition.\(definition)"], fallback: title)
        }
        doc.kpis = kpis.map { kpi in
            var k = kpi
            k.label = l.own(["\(kind).kpi.\(kpi.key)", "kpi.\(kpi.key)"], fallback: kpi.label)
            if let m = kpi.hintMessage { k.hint = l.text(m, formatter: formatter) }
            if case .text(let s) = kpi.value { k.value = .text(l.own(["value.\(kpi.key).\(s)"], fallback: s)) }
            return k
        }
        doc.tables = tables.map { localizedTable($0, l, formatter) }
        doc.charts = charts.map { chart in
            var c = chart
            if let key = chart.key { c.title = l.own(["\(kind).chart.\(key)", "chart.\(key)"], fallback: chart.title) }
            c.unit = chart.unit.isEmpty ? chart.unit : l.own(["unit.\(chart.unit)"], fallback: chart.unit)
            c.series = chart.series.map { s in
                var t = s
                if let key = s.key { t.name = l.own(["series.\(key)"], fallback: s.name) }
                return t
            }
            c.referenceLines = chart.referenceLines.map { ChartReferenceLine(label: l.own(["reference.\($0.label)"], fallback: $0.label), value: $0.value) }
            return c
        }
        for (i, message) in noteMessages where i < doc.notes.count {
            doc.notes[i] = l.text(message, formatter: formatter)
        }
        return doc
    }

    private func localizedTable(_ table: ReportTable, _ l: ReportLocalization, _ formatter: ValueFormatter) -> ReportTable {
        var t = table
        t.title = l.own(["\(kind).table.\(table.name)", "table.\(table.name)"], fallback: table.title)
        if let sheet = table.sheetName { t.sheetName = l.own(["\(kind).sheet.\(table.name)", "sheet.\(table.name)"], fallback: sheet) }
        if let m = table.captionMessage { t.caption = l.text(m, formatter: formatter) }
        t.columns = table.columns.map { c in
            var col = c
            col.title = l.own(["\(kind).column.\(table.name).\(c.key)", "\(kind).column.\(c.key)", "column.\(c.key)"], fallback: c.title)
            return col
        }
        if var chart = table.chart {
            chart.title = l.own(["\(kind).chart.\(table.name)", "chart.\(table.name)"], fallback: chart.title)
            chart.unit = chart.unit.isEmpty ? chart.unit : l.own(["unit.\(chart.unit)"], fallback: chart.unit)
            chart.referenceLines = chart.referenceLines.map { ChartReferenceLine(label: l.own(["reference.\($0.label)"], fallback: $0.label), value: $0.value) }
            t.chart = chart
        }
        // Text values with a translation (status words, causes, metric names): rows are mapped as they stream.
        var maps: [Int: [String: String]] = [:]
        for (i, c) in table.columns.enumerated() where c.format == .text {
            let prefix = "value.\(c.key)."
            var map: [String: String] = [:]
            for messages in l.chain.prefix(l.ownCount).reversed() {
                for (key, text) in messages where key.hasPrefix(prefix) { map[String(key.dropFirst(prefix.count))] = text }
            }
            if !map.isEmpty { maps[i] = map }
        }
        if !maps.isEmpty {
            let source = table.rows
            let frozen = maps
            t.rows = ReportRowSource(estimatedCount: source.estimatedCount) {
                TranslatingRowIterator(base: try source.makeIterator(), maps: frozen)
            }
        }
        return t
    }
}

/// Replaces text values of some columns by their translation, row by row.
private struct TranslatingRowIterator: ReportRowIterator {
    var base: any ReportRowIterator
    let maps: [Int: [String: String]]

    mutating func next() throws -> ReportRow? {
        guard var row = try base.next() else { return nil }
        for (i, map) in maps where i < row.values.count {
            if case .text(let s) = row.values[i], let t = map[s] { row.values[i] = .text(t) }
        }
        return row
    }
}

extension ReportLocalization {
    /// The English words of the same catalogs (the last link of `l`'s chain).
    static func englishOnly(_ l: ReportLocalization) -> ReportLocalization {
        ReportLocalization(locale: .english, chain: l.chain.last.map { [$0] } ?? [])
    }
}
