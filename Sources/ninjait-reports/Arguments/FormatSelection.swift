import ArgumentParser
import Foundation
import Rendering

/// `--format html,xlsx,csv`: the formats to write, each at most once, at least one.
struct FormatSelection: ExpressibleByArgument {
    var formats: [OutputFormat]

    /// The value of `text`; throws `ValidationError` with the reason (the option uses it as its `transform`).
    static func parse(argument text: String) throws -> FormatSelection {
        var formats: [OutputFormat] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = OutputFormat(rawValue: name) else {
                throw ValidationError("unknown format '\(part)' (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if !formats.contains(format) { formats.append(format) }
        }
        guard !formats.isEmpty else { throw ValidationError("no format given (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))") }
        return FormatSelection(formats: formats)
    }

    init?(argument: String) {
        guard let value = try? Self.parse(argument: argument) else { return nil }
        self = value
    }

    init(formats: [OutputFormat]) { self.formats = formats }

    static var defaultCompletionKind: CompletionKind { .list(OutputFormat.allCases.map(\.rawValue)) }
}
