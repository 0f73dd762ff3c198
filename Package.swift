// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ninjait-reports",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ninjait-reports", targets: ["ninjait-reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // C libraries from Debian's -dev packages.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),

        // Pure analytics: no I/O.
        .target(name: "Analytics"),
        // Servers: PostgreSQL, InfluxDB, ClickHouse, RabbitMQ, SMTP. No C type leaks out.
        .target(
            name: "Connectors",
            dependencies: [
                "CLibPQ", "CCurl", "CRabbitMQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // CSV, XLSX, HTML (+ SVG charts), PDF and PNG charts (cairo + pango).
        .target(
            name: "Rendering",
            dependencies: [
                "Analytics", "CXLSXWriter", "CZlib", "CCairo", "CPango",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The reporting core: configuration, definitions, tenants, tiered history, report kinds,
        // the runner, and delivery (output folder, ledger, outbox). Imports no satellite.
        .target(
            name: "Reporting",
            dependencies: [
                "Analytics", "Connectors", "Rendering",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Satellites on top of the core; the core imports none of them.
        // How the long-running daemons run and stop: a blocking loop as a swift-service-lifecycle service.
        .target(
            name: "DaemonService",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Scale-out: enqueue one job per report on a RabbitMQ work queue; workers produce them.
        .target(
            name: "JobQueue",
            dependencies: [
                "Reporting", "Connectors", "Analytics", "DaemonService",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The mail daemon: report.ready messages checked against the ledger, e-mailed over SMTP.
        .target(
            name: "ReportMailer",
            dependencies: [
                "Reporting", "Rendering", "Connectors", "DaemonService",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The deterministic synthetic fleet (demo, tests, benchmarks) and its ground truth.
        .target(name: "SyntheticFleet", dependencies: ["Reporting", "Connectors", "Analytics"]),
        // Setting the servers up and checking them: `migrate` (PostgreSQL schema, ClickHouse tables,
        // InfluxDB database, broker topology) and `check` (reachable, versions, schema current).
        .target(name: "ServerSetup", dependencies: ["Reporting", "Connectors", "Rendering"]),

        .executableTarget(
            name: "ninjait-reports",
            dependencies: [
                "Analytics", "Rendering", "Reporting", "JobQueue", "ReportMailer", "SyntheticFleet", "ServerSetup", "DaemonService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .executableTarget(
            name: "ninjait-bench",
            dependencies: ["Analytics", "Connectors", "Rendering", "Reporting"]
        ),

        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "TestSupport"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering"]),
        .target(name: "ReportingTestSupport", dependencies: ["Reporting"], path: "Tests/ReportingTestSupport"),
        .testTarget(name: "ReportingTests", dependencies: [
            "Analytics", "Connectors", "Rendering", "Reporting", "TestSupport", "ReportingTestSupport",
        ]),
        .testTarget(name: "ReportMailerTests", dependencies: [
            "ReportMailer", "Reporting", "Rendering", "Connectors", "TestSupport", "ReportingTestSupport", "DaemonService",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "JobQueueTests", dependencies: [
            "JobQueue", "Reporting", "Connectors", "ReportingTestSupport", "DaemonService",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "SyntheticFleetTests", dependencies: ["SyntheticFleet", "Reporting", "Connectors", "ReportingTestSupport"]),
    ]
)
