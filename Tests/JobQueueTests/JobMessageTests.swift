import Analytics
import Foundation
import Testing
@testable import JobQueue
@testable import Reporting

/// The job message carries the period resolved when it was planned (v2), and still reads v1 bodies (a label).
@Suite("Job messages")
struct JobMessageTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!
    let tenantID = "0b6f0c4e-0000-4000-8000-000000000001"

    @Test func typedPeriodRoundTripsAndIsWrittenOut() throws {
        let period = try ReportPeriod.parse("2026-10", relativeTo: Date(), in: berlin)
        var message = JobMessage(definition: "sla-monthly", tenantID: tenantID, tenantSlug: "acme", period: period,
                                 enqueuedAt: Date(timeIntervalSince1970: 1_793_500_000))
        message.attempt = 2
        message.lastError = "clickhouse down"
        let body = try message.encoded()
        let decoded = try JobMessage.decode(body)
        #expect(decoded == message)
        #expect(decoded.period == period && decoded.period.timeZone.identifier == "Europe/Berlin")

        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["schema"] as? String == "ninjait.report.job/v2")
        let object = try #require(json["period"] as? [String: String])
        #expect(object == ["label": "2026-10", "start": "2026-09-30T22:00:00Z", "end": "2026-10-31T23:00:00Z", "timezone": "Europe/Berlin"])
        #expect(message.key == "sla-monthly|\(tenantID)|2026-10")
        #expect(message.key == ReportJobKey(definition: "sla-monthly", tenantID: tenantID, periodLabel: "2026-10").description)
        #expect(message.lockKey == message.jobKey.lockKey)
    }

    /// A v1 body (period as a label) is read as the same local days; its key and message id are unchanged.
    @Test func labelPeriodOfAV1MessageIsStillAccepted() throws {
        let body = Data("""
            {"schema": "ninjait.report.job/v1", "definition": "sla-daily", "tenant": {"id": "\(tenantID)", "slug": "acme"},
             "period": "2026-10-05", "attempt": 3, "enqueued_at": "2026-10-06T02:15:07Z", "last_error": "timeout"}
            """.utf8)
        let message = try JobMessage.decode(body)
        #expect(message.schema == JobMessage.currentSchema)
        #expect(message.period.label == "2026-10-05" && message.period.dayCount == 1)
        #expect(message.attempt == 3 && message.lastError == "timeout")
        let v2 = JobMessage(definition: "sla-daily", tenantID: tenantID, tenantSlug: "acme",
                            period: try ReportPeriod.parse("2026-10-05", relativeTo: Date(), in: berlin))
        #expect(message.messageID == v2.messageID && message.lockKey == v2.lockKey)
        #expect(try JobMessage.decode(try message.encoded()) == message)
    }

    @Test(arguments: [
        // v1 with a relative period: it would mean another day on every attempt.
        #"{"schema": "ninjait.report.job/v1", "definition": "d", "tenant": {"id": "t", "slug": "s"}, "period": "previous-day", "attempt": 1, "enqueued_at": "x"}"#,
        // v2 with a label string instead of the period object.
        #"{"schema": "ninjait.report.job/v2", "definition": "d", "tenant": {"id": "t", "slug": "s"}, "period": "2026-10-05", "attempt": 1, "enqueued_at": "x"}"#,
        // v2 whose start is not the label's.
        #"{"schema": "ninjait.report.job/v2", "definition": "d", "tenant": {"id": "t", "slug": "s"}, "attempt": 1, "enqueued_at": "x", "period": {"label": "2026-10-05", "start": "2026-10-05T00:00:00Z", "end": "2026-10-05T22:00:00Z", "timezone": "Europe/Berlin"}}"#,
        #"{"schema": "ninjait.report.job/v9", "definition": "d", "tenant": {"id": "t", "slug": "s"}, "attempt": 1, "enqueued_at": "x", "period": {"label": "2026-10-05", "start": "2026-10-04T22:00:00Z", "end": "2026-10-05T22:00:00Z", "timezone": "Europe/Berlin"}}"#,
    ])
    func badPeriodsAndSchemasAreInvalidInput(body: String) {
        let error = #expect(throws: ReportingError.self) { try JobMessage.decode(Data(body.utf8)) }
        #expect(error?.code == .invalidInput)
    }
}
