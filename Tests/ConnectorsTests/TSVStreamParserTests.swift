import Foundation
import Testing
@testable import Connectors

/// The three forms of a ClickHouse failure after the result began, fed to the parser in every chunking.
@Suite("TSV stream parser: exceptions after rows")
struct TSVStreamParserTests {
    static let tag = "dngjzjnxkvlwkeua"
    static let message = "Code: 395. DB::Exception: Value passed to 'throwIf' function is non-zero. (FUNCTION_THROW_IF_VALUE_IS_NON_ZERO)"
    static let rows = "1\ta\n2\tb\n"
    static let tagged = rows + "__exception__\r\n\(tag)\r\n\(message)\r\n\(message.utf8.count) \(tag)\r\n__exception__\r\n"

    /// Feeds `body` in chunks of `size` bytes; returns the rows delivered and the exception message thrown, if any.
    static func parse(_ body: String, chunk size: Int, tag: String?) -> (rows: Int, exception: String?) {
        var parser = TSVStreamParser(expectedColumns: 2)
        var rows = 0
        let bytes = Array(body.utf8)
        do {
            var i = 0
            while i < bytes.count {
                let piece = Array(bytes[i..<min(i + size, bytes.count)])
                try piece.withUnsafeBytes { try parser.feed($0) { _ in rows += 1 } }
                i += size
            }
            try parser.finish(exceptionTag: tag)
            return (rows, nil)
        } catch TSVStreamParser.Problem.exception(let text) {
            return (rows, text)
        } catch {
            return (rows, "other: \(error)")
        }
    }

    @Test(arguments: [1, 2, 7, 16, 4096])
    func taggedBlockIsAnExceptionWithItsMessage(chunk: Int) {
        let result = Self.parse(Self.tagged, chunk: chunk, tag: Self.tag)
        #expect(result.rows == 2)
        #expect(result.exception == Self.message)
    }

    @Test(arguments: [1, 5, 4096])
    func untaggedMarkerAndLegacyTextAreExceptions(chunk: Int) {
        let marker = Self.parse(Self.rows + "__exception__\n" + Self.message + "\n", chunk: chunk, tag: nil)
        #expect(marker.rows == 2)
        #expect(marker.exception == Self.message)
        let legacy = Self.parse(Self.rows + "Code: 395, e.displayText() = DB::Exception: boom\n", chunk: chunk, tag: nil)
        #expect(legacy.rows == 2)
        #expect(legacy.exception?.contains("DB::Exception: boom") == true)
    }

    @Test func blockCutShortIsStillAnException() {
        let cut = String(Self.tagged.prefix(Self.rows.count + 40))
        let result = Self.parse(cut, chunk: 3, tag: Self.tag)
        #expect(result.rows == 2)
        #expect(result.exception != nil)
    }

    @Test func aTagHeaderAloneChangesNothing() {
        // 26.x send the header on every response; a clean result stays a clean result.
        let result = Self.parse(Self.rows, chunk: 3, tag: Self.tag)
        #expect(result.rows == 2)
        #expect(result.exception == nil)
    }
}
