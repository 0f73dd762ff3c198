import Foundation

extension ReportDocument {
    /// The reporting period: a label (`2026-10`, `2026-W41`) and the half-open instant range [start, end).
    ///
    /// Build it from the analytics period: `ReportDocument.Period(label: p.label, start: p.start, end: p.end)`.
    public struct Period: Hashable, Sendable {
        public var label: String
        public var start: Date
        public var end: Date

        public init(label: String, start: Date, end: Date) {
            self.label = label
            self.start = start
            self.end = end
        }
    }
}
