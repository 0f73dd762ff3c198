import Connectors
import Foundation
import Reporting

extension HealthCheck {
    func checkAMQP() -> ServerStatus {
        let endpoint = (try? Endpoint(servers.config.amqpURL, kind: "rabbitmq").redacted) ?? "rabbitmq"
        do {
            let connection = try AMQPConnection(url: servers.config.amqpURL)
            defer { connection.close() }
            return ServerStatus(name: "rabbitmq", endpoint: endpoint, state: .ok, version: connection.serverVersion,
                                detail: "exchange \(servers.config.exchange)")
        } catch {
            return ServerStatus(name: "rabbitmq", endpoint: endpoint, state: .unavailable, version: nil, detail: "\(error)")
        }
    }
}
