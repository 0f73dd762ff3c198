/// A headline figure: machine key, label, typed value and format, optional status and hint.
public struct ReportKPI: Hashable, Sendable {
    public var key: String
    public var label: String
    public var value: ReportValue
    public var format: ValueFormat
    public var status: KPIStatus?
    /// A short secondary line, e.g. "target 99.900 %".
    public var hint: String?
    /// The hint as a translatable message (its English text is `hint`).
    public var hintMessage: ReportMessage?

    public init(_ key: String, _ label: String, _ value: ReportValue, format: ValueFormat,
                status: KPIStatus? = nil, hint: String? = nil) {
        self.key = key
        self.label = label
        self.value = value
        self.format = format
        self.status = status
        self.hint = hint
    }
}
