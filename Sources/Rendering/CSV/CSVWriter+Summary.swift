import Foundation

extension CSVWriter {
    /// Writes `summary.csv`: report metadata rows, then one row per KPI.
    ///
    /// Columns `key,label,value,unit,status`. Numeric KPI values are plain numbers (percent in
    /// percent units, durations in seconds, unit in `unit`), timestamps ISO 8601 UTC, text
    /// values neutralised like every CSV text field; a KPI without value has an empty `value`.
    public func writeSummary(_ document: ReportDocument, timeZone: TimeZone, to url: URL) throws -> RenderedFile {
        let sink = try FileSink(url: url, gzip: false)
        if options.byteOrderMark { sink.buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        func field(_ s: String) { CSVRowEncoder.appendText(&sink.buffer, s) }
        func line(_ key: String, _ label: String, value: (inout [UInt8]) -> Void, unit: String, status: String) {
            field(key); sink.buffer.append(0x2C)
            field(label); sink.buffer.append(0x2C)
            value(&sink.buffer); sink.buffer.append(0x2C)
            field(unit); sink.buffer.append(0x2C)
            field(status); sink.buffer.append(contentsOf: [0x0D, 0x0A])
        }
        func text(_ key: String, _ label: String, _ v: String, unit: String = "") {
            line(key, label, value: { CSVRowEncoder.appendText(&$0, v) }, unit: unit, status: "")
        }
        sink.buffer.append(contentsOf: Array("key,label,value,unit,status\r\n".utf8))
        let t = document.tenant
        text("report", "Report", document.title)
        text("kind", "Kind", document.kind)
        text("definition", "Definition", document.definition)
        text("tenant", "Tenant", t.displayName)
        text("tenant_id", "Tenant id", t.id)
        text("tenant_slug", "Tenant slug", t.slug)
        text("time_zone", "Time zone", t.timeZoneID)
        text("period", "Period", document.period.label)
        text("period_start", "Period start", DateText.isoUTC(document.period.start), unit: "UTC")
        text("period_end", "Period end", DateText.isoUTC(document.period.end), unit: "UTC")
        text("generated_at", "Generated at", DateText.isoUTC(document.generatedAt), unit: "UTC")
        text("generator", "Generator", document.generator)
        var encoder = CSVRowEncoder(columns: [ReportColumn("value", "Value", .text)], zone: timeZone)
        for kpi in document.kpis {
            let unit: String
            switch kpi.format {
            case .percent: unit = "%"
            case .duration: unit = "s"
            case .timestamp: unit = "UTC"
            default: unit = ""
            }
            let format: ValueFormat
            if case .timestamp = kpi.format { format = .timestamp(local: false) } else { format = kpi.format }
            line(kpi.key, kpi.label, value: { out in encoder.appendValue(&out, kpi.value, format) },
                 unit: unit, status: kpi.status?.rawValue ?? "")
        }
        for (i, note) in document.notes.enumerated() {
            text("note_\(i + 1)", "Note", note)
        }
        try sink.close()
        return RenderedFile(format: .csv, url: url, bytes: sink.bytesWritten, table: "summary",
                            rows: 12 + document.kpis.count + document.notes.count)
    }
}
