import Foundation
import Testing
@testable import Rendering

@Suite struct ZStreamTests {
    static let text = Array((0..<20_000).map { "row \($0),\($0 % 7),value\r\n" }.joined().utf8)

    @Test func rawAndGzipRoundTrip() throws {
        for framing in [ZStream.Framing.raw, .gzip] {
            let packed = try ZStream.run(.deflate, framing: framing, Self.text, what: "test data")
            #expect(packed.count < Self.text.count / 4)
            #expect(try ZStream.run(.inflate, framing: framing, packed, what: "test data") == Self.text)
        }
    }

    @Test func streamingInSmallPiecesGivesTheSameBytes() throws {
        let whole = try ZStream.run(.deflate, framing: .gzip, Self.text, what: "whole")
        let zs = try ZStream(.deflate, framing: .gzip, what: "pieces", bufferSize: 100)
        var out: [UInt8] = []
        for start in stride(from: 0, to: Self.text.count, by: 777) {
            let piece = Array(Self.text[start..<min(start + 777, Self.text.count)])
            try piece.withUnsafeBytes { try zs.process($0, finish: false) { out.append(contentsOf: $0) } }
        }
        try zs.process(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { out.append(contentsOf: $0) }
        #expect(zs.ended && out == whole)
    }

    @Test func corruptDataIsACompressionErrorWithZlibsMessage() throws {
        #expect {
            _ = try ZStream.run(.inflate, framing: .raw, [0xFF, 0xFF, 0xFF, 0xFF], what: "styles.xml of x.xlsx")
        } throws: { error in
            guard let e = error as? RenderingError else { return false }
            return e.code == .compression && e.message.contains("styles.xml of x.xlsx") && e.message.contains("invalid")
        }
    }

    @Test func truncatedDataIsAnError() throws {
        let packed = try ZStream.run(.deflate, framing: .raw, Self.text, what: "t")
        #expect {
            _ = try ZStream.run(.inflate, framing: .raw, Array(packed.prefix(packed.count / 2)), what: "half")
        } throws: { ($0 as? RenderingError)?.code == .compression }
    }
}
