import Foundation
import Testing
@testable import Connectors

/// The lean decoder of InfluxDB's chunked JSON, on hand-written documents.
@Suite("InfluxDB response decoder")
struct InfluxResponseDecoderTests {
    static func decode(_ text: String) throws -> [InfluxSeriesChunk] { try decode(Array(text.utf8)) }

    static func decode(_ bytes: [UInt8]) throws -> [InfluxSeriesChunk] {
        var chunks: [InfluxSeriesChunk] = []
        try InfluxResponseDecoder.decode(bytes, server: "influxdb test", purpose: "decoder test") { chunks.append($0) }
        return chunks
    }

    @Test func seriesTagsColumnsAndValues() throws {
        let chunks = try Self.decode("""
            {"results":[{"statement_id":3,"series":[{"name":"heartbeat","tags":{"device_id":"d1","organization_id":"o"},\
            "columns":["time","online","cpu"],"values":[[1780000000,true,12.5],[1780000060,false,-0.25],[1780000120,null,1e2]]}],\
            "partial":true}]}
            """)
        #expect(chunks.count == 1)
        let c = try #require(chunks.first)
        #expect(c.statement == 3 && c.name == "heartbeat" && c.tags == ["device_id": "d1", "organization_id": "o"])
        #expect(c.columns == ["time", "online", "cpu"])
        #expect(c.values == [[.number(1_780_000_000), .bool(true), .number(12.5)],
                             [.number(1_780_000_060), .bool(false), .number(-0.25)],
                             [.number(1_780_000_120), .null, .number(100)]])
    }

    @Test func escapedStrings() throws {
        // "a\"b\\c\/d\n\té" then U+1F600 as a surrogate pair, and raw UTF-8 (ü, €) unescaped.
        let chunks = try Self.decode(#"{"results":[{"series":[{"name":"m","tags":{"t\"k":"a\"b\\c\/d\n\t\u00e9\ud83d\ude00"},"columns":["time","s"],"values":[[1,"grün €"],[2,"\u0000x\b\f\r"]]}]}]}"#)
        let c = try #require(chunks.first)
        #expect(c.tags == ["t\"k": "a\"b\\c/d\n\t\u{e9}\u{1F600}"])
        #expect(c.values[0][1] == .string("grün €"))
        #expect(c.values[1][1] == .string("\u{0}x\u{8}\u{c}\r"))
    }

    @Test func nestedValuesReadAsNullAndUnknownKeysAreSkipped() throws {
        let chunks = try Self.decode(#"{"results":[{"statement_id":0,"messages":[{"level":"warning","text":"x"}],"series":[{"name":"m","extra":{"a":[1,{"b":null}]},"columns":["time","v"],"values":[[1,[1,2]],[2,{"k":"v"}]]}]}]}"#)
        #expect(chunks.first?.values == [[.number(1), .null], [.number(2), .null]])
    }

    @Test func emptyResultsAndSeries() throws {
        #expect(try Self.decode(#"{"results":[{"statement_id":0}]}"#).isEmpty)
        #expect(try Self.decode(#"{"results":[{"statement_id":0,"series":[]}]}"#).isEmpty)
        #expect(try Self.decode(#"{"results":[]}"#).isEmpty)
        #expect(try Self.decode(" {} ").isEmpty)
        let c = try Self.decode(#"{"results":[{"series":[{"name":"m","columns":["time"]}]}]}"#)
        #expect(c.count == 1 && c[0].values.isEmpty && c[0].tags.isEmpty)
    }

    @Test func errorInsideA200DeliversNothingOfTheDocument() throws {
        var delivered = 0
        let statementError = #expect(throws: ConnectorError.self) {
            try InfluxResponseDecoder.decode(Array(#"{"results":[{"statement_id":0,"series":[{"name":"m","columns":["time"],"values":[[1]]}]},{"statement_id":1,"error":"shard \"7\" gone"}]}"#.utf8),
                                             server: "influxdb test", purpose: "p") { _ in delivered += 1 }
        }
        #expect(statementError?.code == .serverError)
        #expect(statementError?.message == "shard \"7\" gone")
        #expect(delivered == 0)
        let topLevel = #expect(throws: ConnectorError.self) { try Self.decode(#"{"error":"database not found: x"}"#) }
        #expect(topLevel?.code == .serverError && topLevel?.message == "database not found: x")
    }

    @Test func malformedDocumentsAreProtocolErrors() throws {
        let bad: [[UInt8]] = [
            Array(#"{"results":[{"series":[{"name":"m","columns":["time"],"values":[[1"#.utf8),   // cut short
            Array(#"{"results":[{"series":[{"name":"m","columns":["time"],"values":[[01]]}]}]}"#.utf8),  // leading zero
            Array(#"{"results":[{"series":[{"name":"m","columns":["time"],"values":[[tru]]}]}]}"#.utf8),
            Array(#"{"results":[]} x"#.utf8),                                                     // trailing bytes
            Array(#"{"results":[{"series":[{"name":"\ud83d","columns":[]}]}]}"#.utf8),            // unpaired surrogate
            Array(#"{"results":[{"series":[{"name":"a"#.utf8) + [0x0A] + Array(#"b","columns":[]}]}]}"#.utf8),  // raw control char
            Array(#"{"results":[{"series":[{"name":""#.utf8) + [0xFF, 0xFE] + Array(#"","columns":[]}]}]}"#.utf8),  // invalid UTF-8
            Array(#"{"results":[{"series":[{"name":""#.utf8) + [0xC3] + Array(#"","columns":[]}]}]}"#.utf8),  // truncated sequence
            Array(#"{"results":[{"series":[{"name":"\u00e9"#.utf8) + [0xE2, 0x82] + Array(#"","columns":[]}]}]}"#.utf8),  // after an escape
        ]
        for (n, bytes) in bad.enumerated() {
            let error = #expect(throws: ConnectorError.self, "case \(n)") { try Self.decode(bytes) }
            #expect(error?.code == .protocolError, "case \(n)")
            #expect(error?.message.contains("not valid JSON") == true, "case \(n)")
        }
    }

    /// Numbers against Foundation's `strtod`-backed `Double(String)` (correctly rounded), on the fast and slow paths alike.
    @Test func numbersAreCorrectlyRounded() throws {
        var texts = ["0", "-0", "1", "-1", "12.5", "0.1", "0.2", "0.3", "1780000000", "9007199254740993", "9007199254740992",
                     "123456789012345678901234567890", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
                     "1e22", "1e23", "1E-22", "1e-23", "3.141592653589793238462643383279", "0.000000000000000000000000001",
                     "99.99999999999999999", "4.35", "-87.123456789", "1e+5", "6.02214076E+23", "100.00000000000000000000001"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let whole = UInt64.random(in: 0...1_000_000, using: &generator)
            let fraction = UInt64.random(in: 0...99_999_999_999, using: &generator)
            let digits = Int.random(in: 1...11, using: &generator)
            texts.append("\(whole).\(String(String(fraction).prefix(digits)))")
            texts.append("\(Int64.random(in: Int64.min / 2...Int64.max / 2, using: &generator))")
            texts.append("\(Double.random(in: -1e6...1e6, using: &generator))")
            texts.append("\(Int.random(in: 1...9, using: &generator)).\(Int.random(in: 0...999_999, using: &generator))e\(Int.random(in: -40...40, using: &generator))")
        }
        let document = "{\"results\":[{\"series\":[{\"name\":\"m\",\"columns\":[\"v\"],\"values\":["
            + texts.map { "[\($0)]" }.joined(separator: ",") + "]}]}]}"
        let values = try #require(try Self.decode(document).first).values
        #expect(values.count == texts.count)
        for (text, row) in zip(texts, values) {
            let expected = try #require(Double(text))
            #expect(row.first?.double?.bitPattern == expected.bitPattern, "\(text)")
        }
    }

    /// The stream split at every byte (so a boundary falls inside every token) decodes to the same chunks as in one piece.
    @Test func chunkBoundariesInsideTokens() throws {
        let documents = [
            #"{"results":[{"statement_id":0,"series":[{"name":"heartbeat","tags":{"device_id":"d\u00e9 1"},"columns":["time","online"],"values":[[1780000000,true],[1780000060,false]]}],"partial":true}]}"#,
            #"{"results":[{"statement_id":0,"series":[{"name":"heartbeat","tags":{"device_id":"dé 2"},"columns":["time","online"],"values":[[1780000120,null],[1780000180,-12.75e-1]]}]}]}"#,
        ]
        let stream = Array((documents.joined(separator: "\n") + "\n").utf8)
        let whole = try documents.flatMap { try Self.decode($0) }
        #expect(whole.count == 2)
        for size in 1...17 {
            var splitter = JSONLineSplitter()
            var pieces: [InfluxSeriesChunk] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + size)
                try stream[start..<end].withUnsafeBytes { chunk in
                    try splitter.feed(chunk) { line in pieces += try Self.decode(line) }
                }
                start = end
            }
            if let rest = splitter.finish() { pieces += try Self.decode(rest) }
            #expect(pieces.map(\.values) == whole.map(\.values), "chunk size \(size)")
            #expect(pieces.map(\.tags) == [["device_id": "dé 1"], ["device_id": "dé 2"]], "chunk size \(size)")
        }
    }
}
