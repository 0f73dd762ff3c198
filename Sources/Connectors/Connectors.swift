/// Connectors to PostgreSQL, InfluxDB, ClickHouse, RabbitMQ and SMTP. No C type leaks out.
public enum ConnectorsModule {}
