import Foundation

/// Every setting of ninjait-reports: built-in defaults, then the YAML file, then environment variables.
///
/// The defaults are exactly what `scripts/services up` starts, so `ninjait-reports check` works
/// with no configuration after it. Secrets can come from `..._FILE` variables; `redacted`
/// views never contain a password.
public struct Configuration: Sendable {
    public var postgresURL = "postgresql://ninjait:ninjait@127.0.0.1:55432/ninjait"
    public var influxURL = "http://127.0.0.1:58086"
    public var influxDatabase = "metrics"
    public var influxToken: String? = nil
    public var clickhouseURL = "http://127.0.0.1:58123"
    public var clickhouseDatabase = "ninjait"
    public var amqpURL = "amqp://guest:guest@127.0.0.1:55672/"
    public var exchange = "ninjait.reports"
    public var smtpURL = "smtp://127.0.0.1:2525"
    public var smtpFrom = "reports@ninjait.invalid"
    /// The mailer attaches a report's files only when they total at most this many bytes (else it lists their paths).
    public var mailMaxAttachmentBytes = 10_000_000
    /// Operators' addresses: `report.failed` notifications are mailed here, never to a tenant.
    public var opsRecipients: [String] = []
    /// A node-exporter textfile the batch commands write their metrics to (nil: none).
    public var metricsTextfile: String? = nil
    public var outDirectory = "./out"
    /// Permissions of report files and folders (`file_mode`, `dir_mode`).
    public var fileModes = FileModes()
    public var reportsDirectory = "./reports"
    public var templatesDirectory = "./templates"
    public var verifyTLS = true
    /// Seconds an InfluxDB/ClickHouse request may take in all (streamed reads included).
    public var httpTimeout = 600
    /// A transfer that moves no byte for this many seconds is a timeout.
    public var httpStallTimeout = 60
    /// Attempts for transient HTTP failures (429, 502-504, refused, timeout) before a report fails.
    public var httpAttempts = 3
    /// The durable work queue of `enqueue` and `worker`; its dead-letter queue is this name + `.dead`.
    public var jobsQueue = "ninjait.reports.jobs"
    /// A job that failed this many times goes to the dead-letter queue (`worker --max-attempts` overrides it).
    public var jobMaxAttempts = 5
    /// `nightly` checks the rolled-up days among this many before the day it always rolls up
    /// again (D-1), and rolls up again those whose raw points changed since (0: no check).
    public var lateDays = 3
    /// Where the settings came from, for messages (`ninjait-reports.yaml`, `built-in defaults`).
    public var source = "built-in defaults"

    public init() {}

    /// The keys of the YAML file and the environment variable of each.
    static let environmentNames: [(key: String, variable: String)] = [
        ("postgres_url", "NINJAIT_PG_URL"), ("influx_url", "NINJAIT_INFLUX_URL"), ("influx_database", "NINJAIT_INFLUX_DB"),
        ("influx_token", "NINJAIT_INFLUX_TOKEN"), ("clickhouse_url", "NINJAIT_CLICKHOUSE_URL"),
        ("clickhouse_database", "NINJAIT_CLICKHOUSE_DB"), ("amqp_url", "NINJAIT_AMQP_URL"),
        ("exchange", "NINJAIT_EXCHANGE"), ("smtp_url", "NINJAIT_SMTP_URL"), ("smtp_from", "NINJAIT_SMTP_FROM"),
        ("out_dir", "NINJAIT_OUT_DIR"), ("reports_dir", "NINJAIT_REPORTS_DIR"), ("templates_dir", "NINJAIT_TEMPLATES_DIR"),
        ("verify_tls", "NINJAIT_VERIFY_TLS"), ("http_timeout", "NINJAIT_HTTP_TIMEOUT"),
        ("http_stall_timeout", "NINJAIT_HTTP_STALL_TIMEOUT"), ("http_attempts", "NINJAIT_HTTP_ATTEMPTS"), ("mail_max_attachment_bytes", "NINJAIT_MAIL_MAX_ATTACHMENT_BYTES"),
        ("jobs_queue", "NINJAIT_JOBS_QUEUE"), ("job_max_attempts", "NINJAIT_JOB_MAX_ATTEMPTS"),
        ("file_mode", "NINJAIT_FILE_MODE"), ("dir_mode", "NINJAIT_DIR_MODE"),
        ("ops_recipients", "NINJAIT_OPS_RECIPIENTS"), ("metrics_textfile", "NINJAIT_METRICS_TEXTFILE"),
        ("late_days", "NINJAIT_LATE_DAYS"),
    ]

    /// Passwords that may be given apart from their URL (`NINJAIT_PG_PASSWORD` or `NINJAIT_PG_PASSWORD_FILE`).
    static var passwordNames: [(key: String, variable: String, url: WritableKeyPath<Configuration, String>)] { [
        ("postgres_password", "NINJAIT_PG_PASSWORD", \.postgresURL),
        ("influx_password", "NINJAIT_INFLUX_PASSWORD", \.influxURL),
        ("clickhouse_password", "NINJAIT_CLICKHOUSE_PASSWORD", \.clickhouseURL),
        ("amqp_password", "NINJAIT_AMQP_PASSWORD", \.amqpURL),
        ("smtp_password", "NINJAIT_SMTP_PASSWORD", \.smtpURL),
    ] }

    /// Loads `path` (or `./ninjait-reports.yaml` if present when `path` is nil), then applies `environment`.
    public static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
        var config = Configuration()
        let file = path ?? environment["NINJAIT_CONFIG"] ?? (FileManager.default.fileExists(atPath: "ninjait-reports.yaml") ? "ninjait-reports.yaml" : nil)
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigurationError(file: file, reason: "cannot read the configuration file (\(error.localizedDescription))")
            }
            try config.apply(yaml: text, file: file)
            config.source = file
        }
        try config.apply(environment: environment)
        return config
    }

    mutating func apply(yaml text: String, file: String) throws {
        let mapping = try YAMLMapping.parse(text, file: file)
        var allowed = Set(Configuration.environmentNames.map(\.key))
        for entry in Configuration.passwordNames { allowed.insert(entry.key); allowed.insert(entry.key + "_file") }
        allowed.insert("influx_token_file")
        try mapping.rejectUnknownKeys(allowed, context: "the configuration")
        for (key, _) in Configuration.environmentNames {
            if key == "ops_recipients", case .sequence = mapping.node(key) {
                let list = try mapping.stringList(key) ?? []
                try set(key, list.joined(separator: ","), file: file, line: mapping.line(key))
                continue
            }
            if let value = try mapping.string(key) { try set(key, value, file: file, line: mapping.line(key)) }
        }
        if let tokenFile = try mapping.string("influx_token_file") {
            influxToken = try Configuration.readSecret(tokenFile, file: file, line: mapping.line("influx_token_file"))
        }
        for (key, _, url) in Configuration.passwordNames {
            var secret = try mapping.string(key)
            if let secretFile = try mapping.string(key + "_file") {
                secret = try Configuration.readSecret(secretFile, file: file, line: mapping.line(key + "_file"))
            }
            if let secret { self[keyPath: url] = try Configuration.inject(password: secret, into: self[keyPath: url], file: file, line: mapping.line(key)) }
        }
    }

    mutating func apply(environment: [String: String]) throws {
        for (key, variable) in Configuration.environmentNames {
            if let value = environment[variable] { try set(key, value, file: "environment", line: nil, variable: variable) }
            if let secretFile = environment[variable + "_FILE"] {
                try set(key, try Configuration.readSecret(secretFile, file: "environment \(variable)_FILE", line: nil), file: "environment", line: nil, variable: variable)
            }
        }
        for (_, variable, url) in Configuration.passwordNames {
            var secret = environment[variable]
            if let secretFile = environment[variable + "_FILE"] {
                secret = try Configuration.readSecret(secretFile, file: "environment \(variable)_FILE", line: nil)
            }
            if let secret { self[keyPath: url] = try Configuration.inject(password: secret, into: self[keyPath: url], file: "environment \(variable)", line: nil) }
        }
    }

    private mutating func set(_ key: String, _ value: String, file: String, line: Int?, variable: String? = nil) throws {
        let label = variable ?? key
        func url(_ schemes: [String]) throws -> String {
            guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
                  schemes.contains(scheme), components.host?.isEmpty == false else {
                throw ConfigurationError(file: file, line: line,
                                         reason: "'\(label)' must be a URL with scheme \(schemes.joined(separator: " or ")) and a host, not '\(redactURL(value))'")
            }
            return value
        }
        switch key {
        case "postgres_url": postgresURL = try url(["postgresql", "postgres"])
        case "influx_url": influxURL = try url(["http", "https"])
        case "influx_database": influxDatabase = value
        case "influx_token": influxToken = value
        case "clickhouse_url": clickhouseURL = try url(["http", "https"])
        case "clickhouse_database": clickhouseDatabase = value
        case "amqp_url": amqpURL = try url(["amqp", "amqps"])
        case "exchange": exchange = value
        case "smtp_url": smtpURL = try url(["smtp", "smtps"])
        case "smtp_from": smtpFrom = value
        case "out_dir": outDirectory = value
        case "reports_dir": reportsDirectory = value
        case "templates_dir": templatesDirectory = value
        case "mail_max_attachment_bytes":
            guard let bytes = Int(value), bytes >= 0 else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be a number of bytes (0 or more), not '\(value)'")
            }
            mailMaxAttachmentBytes = bytes
        case "http_timeout", "http_stall_timeout", "http_attempts":
            guard let n = Int(value), n >= 1, n <= 86_400 else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be a whole number from 1 to 86400, not '\(value)'")
            }
            if key == "http_timeout" { httpTimeout = n } else if key == "http_stall_timeout" { httpStallTimeout = n } else { httpAttempts = min(n, 10) }
        case "jobs_queue":
            guard !value.isEmpty, value.utf8.count <= 200 else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be a queue name of 1 to 200 bytes")
            }
            jobsQueue = value
        case "job_max_attempts":
            guard let n = Int(value), n >= 1, n <= 100 else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be a whole number from 1 to 100, not '\(value)'")
            }
            jobMaxAttempts = n
        case "late_days":
            guard let n = Int(value), n >= 0, n <= 366 else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be a whole number of days from 0 to 366, not '\(value)'")
            }
            lateDays = n
        case "file_mode", "dir_mode":
            guard let mode = FileModes.parse(value) else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be an octal mode like 0640, not '\(value)'")
            }
            if key == "file_mode" { fileModes.file = mode } else { fileModes.directory = mode }
        case "ops_recipients":
            let addresses = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for address in addresses where !Configuration.isPlausibleAddress(address) {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be comma-separated e-mail addresses; '\(address)' is not one")
            }
            opsRecipients = addresses
        case "metrics_textfile":
            metricsTextfile = value.isEmpty ? nil : value
        case "verify_tls":
            guard let flag = ["true": true, "yes": true, "1": true, "false": false, "no": false, "0": false][value.lowercased()] else {
                throw ConfigurationError(file: file, line: line, reason: "'\(label)' must be true or false, not '\(value)'")
            }
            verifyTLS = flag
        default: break
        }
    }

    /// One `local@domain` address without spaces, angle brackets or line breaks (no header injection).
    static func isPlausibleAddress(_ address: String) -> Bool {
        let forbidden = CharacterSet(charactersIn: " <>,;\"\r\n\t")
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && address.rangeOfCharacter(from: forbidden) == nil && address.utf8.count <= 254
    }

    static func readSecret(_ path: String, file: String, line: Int?) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ConfigurationError(file: file, line: line, reason: "cannot read secret file \(path)")
        }
    }

    static func inject(password: String, into url: String, file: String, line: Int?) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw ConfigurationError(file: file, line: line, reason: "cannot apply a password to an invalid URL")
        }
        if components.user == nil { components.user = "default" }
        components.password = password
        return components.string ?? url
    }
}

/// A URL with any password removed, for messages.
func redactURL(_ text: String) -> String {
    guard var components = URLComponents(string: text), components.password != nil else { return text }
    components.password = "***"
    return components.string ?? "<url>"
}
