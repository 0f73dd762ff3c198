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
    ],
    targets: [
        // C libraries from Debian's -dev packages.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CRabbitMQ", pkgConfig: "librabbitmq", providers: [.apt(["librabbitmq-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

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
        // CSV, XLSX, HTML (+ SVG charts).
        .target(
            name: "Rendering",
            dependencies: [
                "Analytics", "CXLSXWriter", "CZlib",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Report kinds, definitions, planner, runner, ledger, outbox.
        .target(
            name: "Reporting",
            dependencies: [
                "Analytics", "Connectors", "Rendering",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "ninjait-reports",
            dependencies: [
                "Reporting",
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
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "TestSupport"]),
    ]
)
