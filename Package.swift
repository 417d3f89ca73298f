// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "dirbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dirbridge", targets: ["dirbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C shims: the only place C headers enter. Each is imported by exactly one Swift file.
        .systemLibrary(name: "CLDAP", path: "Sources/CLDAP"),

        // Pure core: value types, mapping language, diff engine. Foundation only.
        .target(name: "DirBridgeCore"),

        // Plan renderers (text, JSON, CSV, HTML): pure, no I/O.
        .target(name: "Reports", dependencies: ["DirBridgeCore"]),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "DirBridgeCore"]),

        // `swift run -c release reports-bench`: renders a 100k-user × 5-target plan in every format.
        .executableTarget(name: "reports-bench", dependencies: ["Reports", "DirBridgeCore"], path: "Benchmarks/ReportsBench"),
    ]
)
