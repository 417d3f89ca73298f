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
        // 1.16: LogHandler.log(event:) (DirBridgeOps implements it; the older entry points are deprecated).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // Server side of the vendor simulator only; the production client is libcurl.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        // Operations (DirBridgeOps): scheduled runs, Prometheus metrics. Hummingbird already pulls all three in.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // SHA-256 (BoringSSL): twice the hand-written one's speed on the per-user hashing path.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        // Running command-line tools (openssl, slapadd, ldapadd, samba-tool) from async code.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
        // The PostgreSQL snapshot store (active/standby daemons share one store and its advisory lock).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Pure core: value types, mapping language, diff engine. Foundation, and swift-crypto for hashing.
        .target(name: "DirBridgeCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

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

        // The same store in a PostgreSQL database, shared by active/standby daemons; the run lock is an
        // advisory lock. A module of its own so that only the processes that open it link PostgresNIO.
        .target(
            name: "PostgresSnapshotStore",
            dependencies: ["SnapshotStore", "DirBridgeCore", .product(name: "PostgresNIO", package: "postgres-nio"), logging]
        ),

        // HTTP client over libcurl's multi interface for the vendor connectors.
        .target(name: "HTTPTransport", dependencies: ["DirBridgeCore", "CCurl", logging]),

        // One ImportConnector per vendor API: request building, response parsing, retries, rate limits.
        .target(name: "Connectors", dependencies: ["DirBridgeCore", "HTTPTransport", logging]),

        // Executes plans through the connectors: pending marks before sending, outcomes and ids recorded as they arrive.
        .target(name: "Dispatcher", dependencies: ["DirBridgeCore", "Connectors", "HTTPTransport", "SnapshotStore", logging]),

        // Plan renderers (text, JSON, CSV, HTML): pure, no I/O.
        .target(name: "Reports", dependencies: ["DirBridgeCore"]),

        // Config and mapping files (YAML) → typed settings, with file:line errors.
        .target(
            name: "DirBridgeConfig",
            dependencies: ["DirBridgeCore", "DirectoryReader", "Connectors", "HTTPTransport", .product(name: "Yams", package: "Yams")]
        ),

        // Running unattended: schedules, the scheduled-sync service, metrics export, log handlers, progress line.
        .target(
            name: "DirBridgeOps",
            dependencies: [
                "DirBridgeCore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The /metrics endpoint for `run --metrics-port`; the simulator already builds it.
                .product(name: "Hummingbird", package: "hummingbird"),
                logging,
            ]
        ),

        // The application layer: one sync session (lock, read, plan, dispatch, record), planning,
        // reconcile, setup checks and the wiring of configured targets to connectors. The CLI
        // only parses arguments and prints.
        .target(
            name: "DirBridgeSync",
            dependencies: [
                "DirBridgeCore", "DirectoryReader", "SnapshotStore", "PostgresSnapshotStore", "Connectors", "HTTPTransport",
                "Dispatcher", "DirBridgeConfig", "DirBridgeOps", logging,
            ]
        ),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore", "DirectoryReader", "SnapshotStore", "Connectors", "HTTPTransport", "Dispatcher", "Reports",
                "DirBridgeConfig", "DirBridgeOps", "DirBridgeSync", "LocalServers", "CMalloc", argumentParser, logging,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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
        .executableTarget(name: "dirbridge-vendorsim", dependencies: ["VendorSimulator", "DirBridgeOps", argumentParser, logging]),

        // Speed and memory targets are measured here, against local servers and reference tools.
        .executableTarget(
            name: "dirbridge-bench",
            dependencies: [
                "DirBridgeCore", "DirectoryReader", "HTTPTransport", "SnapshotStore", "Reports", "LocalServers",
                "Connectors", "DirBridgeConfig", "Dispatcher", "DirBridgeSync",
                argumentParser, logging,
            ]
        ),

        // Private servers on loopback (slapd, Samba AD) and generated directories: used by the demo,
        // the benchmarks and the tests, so it lives with the sources.
        .target(
            name: "LocalServers",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // Helpers shared by test targets: seeded generators, the scripted vendor, the Samba AD DC.
        .target(name: "TestSupport", dependencies: ["Connectors", "DirBridgeCore", "LocalServers"], path: "Tests/TestSupport"),
        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore", "TestSupport"]),
        .testTarget(name: "DirectoryReaderTests", dependencies: ["DirectoryReader", "LocalServers", "TestSupport", logging]),
        .testTarget(
            name: "SnapshotStoreTests",
            dependencies: [
                "SnapshotStore", "PostgresSnapshotStore", "DirBridgeCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                // The PostgreSQL runs of the contract tests start a private server on loopback.
                "LocalServers", .product(name: "PostgresNIO", package: "postgres-nio"), logging,
            ]
        ),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "DirBridgeCore", "TestSupport", logging]),
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "DirBridgeCore", "HTTPTransport", "TestSupport", logging],
            // Scripts run as real HTTP servers by the socket tests; located through #filePath.
            exclude: ["Resources"]
        ),
        .testTarget(name: "DispatcherTests", dependencies: ["Dispatcher", "DirBridgeCore", "Connectors", "SnapshotStore", "TestSupport", logging]),
        .testTarget(
            name: "DirBridgeSyncTests",
            dependencies: [
                "DirBridgeSync", "DirBridgeConfig", "DirBridgeCore", "DirectoryReader", "Dispatcher", "SnapshotStore", "TestSupport",
                // The delta-read equivalence test reads a real slapd.
                "LocalServers", logging,
            ]
        ),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "DirBridgeCore"]),
        .testTarget(name: "DirBridgeConfigTests", dependencies: ["DirBridgeConfig", "DirBridgeCore", "TestSupport"]),
        .testTarget(name: "VendorSimulatorTests", dependencies: ["VendorSimulator"]),
        // Runs the built executables (dirbridge, dirbridge-vendorsim) against a private slapd.
        .testTarget(name: "LocalServersTests", dependencies: ["LocalServers"]),
        .testTarget(name: "EndToEndTests", dependencies: ["LocalServers", "TestSupport", "dirbridge", "dirbridge-vendorsim"]),
        .testTarget(
            name: "DirBridgeOpsTests",
            dependencies: [
                "DirBridgeOps",
                "DirBridgeCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                logging,
            ]
        ),
    ]
)
