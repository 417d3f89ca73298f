// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "dirbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dirbridge", targets: ["dirbridge"]),
        .executable(name: "dirbridge-vendorsim", targets: ["dirbridge-vendorsim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // Server side of the vendor simulator only; the production client is libcurl.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),

        // Pure core: value types, mapping language, diff engine. Foundation only.
        .target(name: "DirBridgeCore"),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
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
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "dirbridge-vendorsim",
            dependencies: [
                "VendorSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore"]),
        .testTarget(name: "VendorSimulatorTests", dependencies: ["VendorSimulator"]),
    ]
)
