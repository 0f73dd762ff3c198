/// A caption, note or hint that can be translated: a catalog key, its arguments and the English text.
///
/// `english` is what CSV and every renderer without a catalog entry show; a catalog template
/// such as `Rot markierte Zeilen verfehlen das SLA-Ziel von {target}.` gets each `{name}`
/// replaced by its argument, formatted for the report's locale like a cell of that format.
public struct ReportMessage: Hashable, Sendable {
    /// One named value of a message.
    public struct Argument: Hashable, Sendable {
        public var name: String
        public var value: ReportValue
        public var format: ValueFormat

        public init(_ name: String, _ value: ReportValue, _ format: ValueFormat) {
            self.name = name
            self.value = value
            self.format = format
        }
    }

    public var key: String
    public var english: String
    public var arguments: [Argument]

    public init(_ key: String, english: String, arguments: [Argument] = []) {
        self.key = key
        self.english = english
        self.arguments = arguments
    }
}
