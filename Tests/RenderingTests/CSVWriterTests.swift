import Foundation
import Testing
@testable import Rendering

@Suite struct CSVWriterTests {
    static let zone = TimeZone(identifier: "Europe/Berlin")!

    func csv(_ columns: [ReportColumn], _ rows: [ReportRow], gzip: Bool = false) throws -> (String, URL) {
        let dir = try RenderValidationTests.tempDir("csv")
        let url = dir.appendingPathComponent("t.csv")
        let table = ReportTable(name: "t", title: "T", columns: columns, rows: ReportRowSource(rows))
        _ = try CSVWriter().write(table, timeZone: Self.zone, to: url, gzip: gzip)
        return (String(decoding: try Data(contentsOf: url), as: UTF8.self), dir)
    }

    @Test func neutralisesFormulaTextButKeepsNegativeNumbers() throws {
        let (text, dir) = try csv(
            [ReportColumn("name", "Name", .text), ReportColumn("delta", "Delta", .decimal(places: 3)), ReportColumn("n", "N", .integer)],
            [ReportRow([.text("=1+2"), .number(-2.5), .integer(-7)]),
             ReportRow([.text("-2+3"), .number(-0.0001), .integer(0)]),
             ReportRow([.text("@SUM(A1)"), .missing, .missing]),
             ReportRow([.text("\tx"), .number(1e20), .integer(Int64.min)]),
             ReportRow([.text("a,\"b\"\nc"), .number(.nan), .integer(1)])])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(text == "name,delta,n\r\n'=1+2,-2.500,-7\r\n'-2+3,0.000,0\r\n'@SUM(A1),,\r\n'\tx,100000000000000000000.000,-9223372036854775808\r\n\"a,\"\"b\"\"\nc\",,1\r\n")
    }

    @Test func localTimestampsGetAnOffsetColumnAcrossDST() throws {
        let t1 = Date(timeIntervalSince1970: 1_792_800_000)  // 2026-10-24T00:00:00Z, CEST (+02:00)
        let t2 = Date(timeIntervalSince1970: 1_792_900_000)  // 2026-10-25T03:46:40Z, CET (+01:00): DST ended at 01:00Z
        let (text, dir) = try csv([ReportColumn("at", "At", .timestamp(local: true)), ReportColumn("day", "Day", .date)],
                                  [ReportRow([.instant(t1), .date(ReportDate(year: 2026, month: 10, day: 25))]),
                                   ReportRow([.instant(t2), .instant(t2)]), ReportRow([.missing, .missing])])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(text == "at,at_local,day\r\n2026-10-24T00:00:00Z,2026-10-24T02:00:00+02:00,2026-10-25\r\n2026-10-25T03:46:40Z,2026-10-25T04:46:40+01:00,2026-10-25\r\n,,\r\n")
    }

    @Test func replacementCharacterAndBidiMarksRoundTrip() throws {
        let tricky = "bad \u{FFFD} \u{202E}txt.exe \u{200F}"
        let (text, dir) = try csv([ReportColumn("v", "V", .text)], [ReportRow([.text(tricky)])])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(text == "v\r\n\(tricky)\r\n")
        // What a connector does with invalid UTF-8 from a server.
        let repaired = String(decoding: [0x61, 0xFF, 0x62] as [UInt8], as: UTF8.self)
        #expect(repaired == "a\u{FFFD}b")
    }

    @Test func gzipOutputDecompressesToThePlainFile() throws {
        let rows = (0..<5_000).map { ReportRow([.integer(Int64($0)), .text("device-\($0 % 17)")]) }
        let cols = [ReportColumn("i", "I", .integer), ReportColumn("d", "D", .text)]
        let (plain, d1) = try csv(cols, rows)
        let dir = try RenderValidationTests.tempDir("gz")
        defer { try? FileManager.default.removeItem(at: d1); try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.csv.gz")
        let table = ReportTable(name: "t", title: "T", columns: cols, rows: ReportRowSource(rows))
        let file = try CSVWriter().write(table, timeZone: Self.zone, to: url, gzip: true)
        let gz = try Data(contentsOf: url)
        #expect(gz.prefix(2) == Data([0x1F, 0x8B]))
        #expect(file.bytes == gz.count && file.rows == 5_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(String(decoding: out, as: UTF8.self) == plain)
    }

    @Test func diskFullIsAnIOErrorNamingENOSPC() throws {
        let table = ReportTable(name: "t", title: "T", columns: [ReportColumn("v", "V", .text)],
                                rows: ReportRowSource(count: 200_000) { ReportRow([.text("row \($0)")]) })
        for gzip in [false, true] {
            do {
                _ = try CSVWriter().write(table, timeZone: Self.zone, to: URL(fileURLWithPath: "/dev/full"), gzip: gzip)
                Issue.record("writing to /dev/full succeeded")
            } catch let e as RenderingError {
                #expect(e.code == .io)
                #expect(e.message.contains("No space left on device"), "\(e)")
            }
        }
    }

    @Test func rowWidthMismatchIsRejected() throws {
        let table = ReportTable(name: "t", title: "T", columns: [ReportColumn("a", "A", .text), ReportColumn("b", "B", .text)],
                                rows: ReportRowSource([ReportRow([.text("only one")])]))
        let dir = try RenderValidationTests.tempDir("width")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: RenderingError.self) {
            _ = try CSVWriter().write(table, timeZone: Self.zone, to: dir.appendingPathComponent("t.csv"), gzip: false)
        }
    }
}
