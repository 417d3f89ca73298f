// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "dirbridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "dirbridge", targets: ["dirbridge"]),
        .executable(name: "dirbridge-bench", targets: ["dirbridge-bench"]),
        .library(name: "DirectoryReader", targets: ["DirectoryReader"]),
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

        // Reads users and their (nested) groups from OpenLDAP or Active Directory.
        .target(
            name: "DirectoryReader",
            dependencies: [
                "DirBridgeCore",
                "CLDAP",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .executableTarget(
            name: "dirbridge",
            dependencies: [
                "DirBridgeCore",
                "DirectoryReader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Measures the reader against `ldapsearch` on a generated 100k-user directory.
        .executableTarget(
            name: "dirbridge-bench",
            dependencies: [
                "DirectoryReader",
                "DirBridgeTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Real-server fixtures (slapd, LDIF generation) shared by test suites and the benchmark.
        .target(name: "DirBridgeTestSupport", path: "Tests/Support"),

        .testTarget(name: "DirBridgeCoreTests", dependencies: ["DirBridgeCore"]),
        .testTarget(
            name: "DirectoryReaderTests",
            dependencies: [
                "DirectoryReader",
                "DirBridgeTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
