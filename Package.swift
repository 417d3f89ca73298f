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
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),

        // Pure core: value types, mapping language, diff engine. Foundation only.
        .target(name: "DirBridgeCore"),

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

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore",
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
        .testTarget(
            name: "ConnectorsTests",
            dependencies: ["Connectors", "DirBridgeCore", "HTTPTransport", .product(name: "Logging", package: "swift-log")],
            // Scripts run as real HTTP servers by the socket tests; located through #filePath.
            exclude: ["Resources"]
        ),
        .testTarget(
            name: "HTTPTransportTests",
            dependencies: ["HTTPTransport", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
