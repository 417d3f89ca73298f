import DirBridgeCore
import Foundation
import Testing
@testable import DirBridgeConfig

@Suite struct ConfigurationFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theAnnotatedExampleLoadsWithEveryTargetAndItsMapping() throws {
        let path = Self.repository.appendingPathComponent("deploy/config.example.yaml").path
        let loaded = try ConfigurationFile.load(path: path)
        #expect(loaded.configuration.targets.map(\.vendor) == VendorKind.allCases)
        #expect(loaded.mappings.count == 5)
        #expect(loaded.configuration.safety == SafetyPolicy(maxDisablePercent: 10, maxDisableCount: 500))
        #expect(loaded.configuration.targets.allSatisfy { $0.mappingPath.hasPrefix(Self.repository.path + "/mappings/") })
        #expect(loaded.configuration.targets.allSatisfy { !$0.tls.insecureSkipVerify })
    }

    @Test func secretsComeFromTheEnvironmentOrFilesAndAMissingOneNamesTheKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("token-from-file\n".utf8).write(to: folder.appendingPathComponent("token"))
        let mapping = Self.repository.appendingPathComponent("mappings/expoints.yaml").path
        let config = folder.appendingPathComponent("dirbridge.yaml")
        try Data("""
            source: { url: "ldap://127.0.0.1:1", base_dn: "dc=x" }
            targets:
              - { name: ex, vendor: expoints, base_url: "https://x", mapping: \(mapping), deprovision: ignore,
                  credentials: { token_file: token } }
              - { name: sertica, vendor: sertica, base_url: "https://y", mapping: \(Self.repository.path)/mappings/sertica.yaml,
                  credentials: { username: u, password_env: DIRBRIDGE_TEST_UNSET_VARIABLE } }
            """.utf8).write(to: config)
        let loaded = try ConfigurationFile.load(path: config.path)
        #expect(loaded.storeLocation == folder.appendingPathComponent("dirbridge.sqlite").standardizedFileURL.path)

        let expoints = try loaded.configuration.targets[0].connectorSettings(environment: [:])
        guard case .expoints(let settings) = expoints.vendor else { Issue.record("wrong vendor"); return }
        #expect(settings.token.revealed == "token-from-file")
        #expect(expoints.requestTimeout == .seconds(60), "the documented per-request timeout (timeout_seconds) is applied")

        let error = #expect(throws: ConfigurationError.self) {
            try loaded.configuration.targets[1].connectorSettings(environment: [:])
        }
        #expect(error?.keyPath == "credentials.password_env/_file")
        #expect(error?.message.contains("DIRBRIDGE_TEST_UNSET_VARIABLE") == true)
    }

    @Test func anImpossibleDeprovisionPolicyIsRefusedAtLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("dirbridge.yaml")
        try Data("""
            source: { url: "ldap://127.0.0.1:1", base_dn: "dc=x" }
            targets:
              - { name: ex, vendor: expoints, base_url: "https://x", mapping: \(Self.repository.path)/mappings/expoints.yaml,
                  credentials: { token_env: T } }
            """.utf8).write(to: config)
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(path: config.path) }
        #expect(error?.keyPath == "targets[0].deprovision")
        #expect(error?.message.contains("use one of ignore") == true)
    }

    @Test func httpVersionDefaultsToNegotiatedHTTP2AndAnUnknownOneNamesTheKey() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = Self.repository.appendingPathComponent("mappings/sertica.yaml").path
        func load(_ httpVersion: String?) throws -> LoadedConfiguration {
            let config = folder.appendingPathComponent("dirbridge.yaml")
            try Data("""
                source: { url: "ldap://127.0.0.1:1", base_dn: "dc=x" }
                targets:
                  - name: s
                    vendor: sertica
                    base_url: "https://x"
                    mapping: \(mapping)
                    credentials: { username: u, password_env: P }
                \(httpVersion.map { "    http_version: \($0)" } ?? "")
                """.utf8).write(to: config)
            return try ConfigurationFile.load(path: config.path)
        }
        #expect(try load(nil).configuration.targets[0].httpClientSettings.httpVersion == .http2)
        #expect(try load("\"1.1\"").configuration.targets[0].httpClientSettings.httpVersion == .http1_1)
        #expect(try load("\"2\"").configuration.targets[0].httpClientSettings.httpVersion == .http2)
        #expect(try load("1.1").configuration.targets[0].httpClientSettings.httpVersion == .http1_1, "unquoted in YAML too")
        let error = #expect(throws: ConfigurationError.self) { try load("\"3\"") }
        #expect(error?.keyPath == "targets[0].http_version")
        #expect(error?.message.contains("expected one of \"1.1\", \"2\"") == true)
    }
}
