import Foundation

/// Encodes rows of one table into CSV bytes.
struct CSVRowEncoder {
    let columns: [ReportColumn]
    let formats: [ValueFormat]
    var offsets: OffsetCache

    init(columns: [ReportColumn], zone: TimeZone) {
        self.columns = columns
        self.formats = columns.map(\.format)
        self.offsets = OffsetCache(zone: zone)
    }

    func appendHeader(_ out: inout [UInt8]) {
        var first = true
        for c in columns {
            if !first { out.append(0x2C) }
            first = false
            Self.appendText(&out, c.key)
            if case .timestamp(local: true) = c.format {
                out.append(0x2C)
                Self.appendText(&out, c.key + "_local")
            }
        }
        out.append(0x0D); out.append(0x0A)
    }

    mutating func append(_ row: ReportRow, to out: inout [UInt8]) {
        for i in 0..<formats.count {
            if i > 0 { out.append(0x2C) }
            appendCell(&out, row.values[i], formats[i])
        }
        out.append(0x0D); out.append(0x0A)
    }

    @inline(__always) private mutating func appendCell(_ out: inout [UInt8], _ value: ReportValue, _ format: ValueFormat) {
        let localColumn: Bool
        if case .timestamp(local: true) = format { localColumn = true } else { localColumn = false }
        switch value {
        case .missing:
            break
        case .text(let s):
            Self.appendText(&out, s)
        case .integer(let v):
            switch format {
            case .decimal, .percent: NumberText.appendFixed(&out, Double(v), places: format.places)
            default: NumberText.appendInt(&out, v)
            }
        case .number(let d):
            switch format {
            case .integer, .duration: NumberText.appendFixed(&out, d, places: 0)
            case .decimal, .percent: NumberText.appendFixed(&out, d, places: format.places)
            default: NumberText.appendFixed(&out, d, places: 6)
            }
        case .instant(let date):
            let s = DateText.seconds(date)
            if case .date = format {
                DateText.appendDate(&out, offsets.localDate(s))
            } else {
                DateText.appendDateTime(&out, seconds: s)
                out.append(0x5A)
                if localColumn {
                    out.append(0x2C)
                    let off = offsets.offset(at: s)
                    DateText.appendDateTime(&out, seconds: s + off)
                    DateText.appendOffset(&out, offset: off)
                }
                return
            }
        case .date(let d):
            DateText.appendDate(&out, year: d.year, month: d.month, day: d.day)
        }
        if localColumn { out.append(0x2C) }  // keep the _local column aligned for non-instant values
    }

    /// Appends a text field: formula-neutralised, quoted when needed.
    @inline(__always) static func appendText(_ out: inout [UInt8], _ s: String) {
        var s = s
        s.withUTF8 { bytes in
            guard let first = bytes.first else { return }
            var needsQuotes = false
            for b in bytes where b == 0x22 || b == 0x2C || b == 0x0D || b == 0x0A {
                needsQuotes = true
                break
            }
            let neutralise = TextSafety.startsLikeFormula(byte: first)
            if !needsQuotes {
                if neutralise { out.append(0x27) }
                out.append(contentsOf: bytes)
                return
            }
            out.append(0x22)
            if neutralise { out.append(0x27) }
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }
}

extension CSVRowEncoder {
    /// One value in the given format (no `_local` companion column).
    mutating func appendValue(_ out: inout [UInt8], _ value: ReportValue, _ format: ValueFormat) {
        var row = ReportRow([value])
        row.values = [value]
        var single = CSVRowEncoder(columns: [ReportColumn("v", "v", format)], zone: offsets.zone)
        var line: [UInt8] = []
        single.append(row, to: &line)
        out.append(contentsOf: line.dropLast(2))
    }
}
