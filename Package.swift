// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "dirbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dirbridge", targets: ["dirbridge"]),
        .executable(name: "dirbridge-bench", targets: ["dirbridge-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Pure core: value types, mapping language, diff engine. Foundation only.
        .target(name: "DirBridgeCore"),

        // Config and mapping files (YAML) → typed settings, with file:line errors.
        .target(
            name: "Configuration",
            dependencies: ["DirBridgeCore", .product(name: "Yams", package: "Yams")]
        ),
        // Plan renderers (text, JSON, CSV, HTML): pure, no I/O.
        .target(name: "Reports", dependencies: ["DirBridgeCore"]),
        // The only place state lives between runs: snapshot per (target, anchor), run journal, run lock.
        .target(
            name: "SnapshotStore",
            dependencies: [
                "DirBridgeCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // For the outcome writer's hot loop only (SQLite/SQLiteStatement.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Measures the store's write and read paths at 100k users (speed targets live here, not in tests).
        .executableTarget(
            name: "dirbridge-store-bench",
            dependencies: ["SnapshotStore", "DirBridgeCore", .product(name: "Logging", package: "swift-log")]
        ),

        // HTTP client over libcurl's multi interface for the vendor connectors.
        .target(
            name: "HTTPTransport",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]
        ),

        // One ImportConnector per vendor API: request building, response parsing, retries, rate limits.
        .target(
            name: "Connectors",
            dependencies: ["DirBridgeCore", "HTTPTransport", .product(name: "Logging", package: "swift-log")]
        ),

        // Sends a target's plan through its connector in bounded concurrent batches, marking each
        // batch pending before it leaves and recording every outcome; resolves pending records first.
        .target(
            name: "Dispatcher",
            dependencies: [
                "DirBridgeCore", "Connectors", "SnapshotStore", .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore",
                "Configuration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "dirbridge-bench",
            dependencies: [
                "HTTPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "DirBridgeCore"]),

        // `swift run -c release reports-bench`: renders a 100k-user × 5-target plan in every format.
        .executableTarget(name: "reports-bench", dependencies: ["Reports", "DirBridgeCore"], path: "Benchmarks/ReportsBench"),
        .testTarget(
            name: "SnapshotStoreTests",
            dependencies: [
                "SnapshotStore", "DirBridgeCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "DirBridgeCore", "HTTPTransport", .product(name: "Logging", package: "swift-log")],
            // Scripts run as real HTTP servers by the socket tests; located through #filePath.
            exclude: ["Resources"]
        ),
        // `swift run -c release dispatch-bench`: the dispatcher and store cost of 100k actions, instant connector.
        .executableTarget(
            name: "dispatch-bench",
            dependencies: [
                "Dispatcher", "Connectors", "SnapshotStore", "DirBridgeCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/DispatchBench"
        ),
        .testTarget(
            name: "DispatcherTests",
            dependencies: [
                "Dispatcher", "DirBridgeCore", "Connectors", "SnapshotStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: ["HTTPTransport", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
