import Connectors
import Reporting

/// A job taken from the work queue, with what the consumer thread needs to settle it.
struct JobWorkItem: Sendable {
    var delivery: AMQPDelivery
    var message: JobMessage
    var definition: ReportDefinition
}
