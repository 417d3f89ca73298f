// swift-tools-version:6.1
import PackageDescription

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")

let package = Package(
    name: "dirbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dirbridge", targets: ["dirbridge"]),
        .executable(name: "dirbridge-bench", targets: ["dirbridge-bench"]),
        .executable(name: "dirbridge-vendorsim", targets: ["dirbridge-vendorsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // Server side of the vendor simulator only; the production client is libcurl.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Pure core: value types, mapping language, diff engine. Foundation only.
        .target(name: "DirBridgeCore"),

        // Reads users and their (nested) groups from OpenLDAP or Active Directory.
        .target(name: "DirectoryReader", dependencies: ["DirBridgeCore", "CLDAP", logging]),

        // The only place state lives between runs: snapshot per (target, anchor), run journal, run lock.
        .target(
            name: "SnapshotStore",
            dependencies: [
                "DirBridgeCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // For the outcome writer's hot loop only (SQLite/SQLiteStatement.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                logging,
            ]
        ),

        // HTTP client over libcurl's multi interface for the vendor connectors.
        .target(name: "HTTPTransport", dependencies: ["CCurl", logging]),

        // One ImportConnector per vendor API: request building, response parsing, retries, rate limits.
        .target(name: "Connectors", dependencies: ["DirBridgeCore", "HTTPTransport", logging]),

        // Plan renderers (text, JSON, CSV, HTML): pure, no I/O.
        .target(name: "Reports", dependencies: ["DirBridgeCore"]),

        // Config and mapping files (YAML) → typed settings, with file:line errors.
        .target(
            name: "DirBridgeConfig",
            dependencies: ["DirBridgeCore", "DirectoryReader", "Connectors", .product(name: "Yams", package: "Yams")]
        ),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore", "DirectoryReader", "SnapshotStore", "Connectors", "HTTPTransport", "Reports",
                "DirBridgeConfig", argumentParser, logging,
            ]
        ),

        // Local simulator of the five vendors' import endpoints (strict validation, fault injection).
        .target(
            name: "VendorSimulator",
            dependencies: [
                "DirBridgeCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                logging,
            ]
        ),
        .executableTarget(name: "dirbridge-vendorsim", dependencies: ["VendorSimulator", argumentParser, logging]),

        // Speed and memory targets are measured here, against local servers and reference tools.
        .executableTarget(
            name: "dirbridge-bench",
            dependencies: [
                "DirBridgeCore", "DirectoryReader", "HTTPTransport", "SnapshotStore", "Reports", "DirBridgeTestSupport",
                argumentParser, logging,
            ]
        ),
        .executableTarget(
            name: "dirbridge-store-bench",
            dependencies: ["SnapshotStore", "DirBridgeCore", logging]
        ),
        .executableTarget(name: "reports-bench", dependencies: ["Reports", "DirBridgeCore"], path: "Benchmarks/ReportsBench"),

        // Real-server fixtures (slapd, Samba AD, LDIF generation) shared by test suites and benchmarks.
        .target(name: "DirBridgeTestSupport", path: "Tests/Support"),

        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore"]),
        .testTarget(name: "DirectoryReaderTests", dependencies: ["DirectoryReader", "DirBridgeTestSupport", logging]),
        .testTarget(
            name: "SnapshotStoreTests",
            dependencies: ["SnapshotStore", "DirBridgeCore", .product(name: "GRDB", package: "GRDB.swift"), logging]
        ),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", logging]),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "DirBridgeCore", "HTTPTransport", logging],
            // Scripts run as real HTTP servers by the socket tests; located through #filePath.
            exclude: ["Resources"]
        ),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "DirBridgeCore"]),
        .testTarget(name: "DirBridgeConfigTests", dependencies: ["DirBridgeConfig"]),
        .testTarget(name: "VendorSimulatorTests", dependencies: ["VendorSimulator"]),
    ]
)
