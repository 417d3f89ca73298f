import DirBridgeCore
import Foundation
import Testing
@testable import DirBridgeConfig

/// `store:`: an SQLite path (the default) or a PostgreSQL URL whose password comes from
/// elsewhere, never from the URL.
@Suite struct StoreConfigurationTests {
    static func load(store: [String]) throws(ConfigurationError) -> LoadedConfiguration {
        try ConfigurationValidationTests.load(ConfigurationValidationTests.configuration(top: ["store:"] + store.map { "  " + $0 }))
    }

    static func loadError(store: [String]) -> ConfigurationError? {
        ConfigurationValidationTests.loadError(ConfigurationValidationTests.configuration(top: ["store:"] + store.map { "  " + $0 }))
    }

    @Test func aPathIsAnSQLiteStore() throws {
        let loaded = try Self.load(store: ["path: /var/lib/dirbridge/state.sqlite"])
        #expect(loaded.configuration.store.backend == .sqlite(path: "/var/lib/dirbridge/state.sqlite"))
        #expect(loaded.storeLocation == "/var/lib/dirbridge/state.sqlite")
    }

    @Test func aURLIsAPostgreSQLStoreWithItsPasswordFromTheEnvironment() throws {
        let loaded = try Self.load(store: ["url: postgres://dirbridge@db.example.org:6432/dirbridge", "password_env: DIRBRIDGE_STORE_PASSWORD"])
        guard case .postgres(let store) = loaded.configuration.store.backend else {
            Issue.record("not a PostgreSQL store")
            return
        }
        #expect(store.host == "db.example.org" && store.port == 6432 && store.username == "dirbridge" && store.database == "dirbridge")
        #expect(store.password == .environment("DIRBRIDGE_STORE_PASSWORD"))
        #expect(store.tls == .require, "TLS with verification by default for a server on the network")
        #expect(loaded.storeLocation == "postgres://dirbridge@db.example.org:6432/dirbridge")
        #expect(loaded.insecureTransports.isEmpty)
    }

    @Test func aLoopbackServerDefaultsToPlainTCPAndRelativeFilesResolve() throws {
        let loaded = try Self.load(store: ["url: postgresql://svc@127.0.0.1/state", "password_file: secrets/store.pw"])
        guard case .postgres(let store) = loaded.configuration.store.backend else {
            Issue.record("not a PostgreSQL store")
            return
        }
        #expect(store.port == 5432)
        #expect(store.tls == .disable)
        guard case .file(let file)? = store.password else {
            Issue.record("password_file not decoded")
            return
        }
        #expect(file.hasPrefix("/") && file.hasSuffix("/secrets/store.pw"))
        #expect(loaded.insecureTransports.map(\.kind) == [.storeConnection])
        #expect(loaded.insecureTransports.first?.isLoopback == true)
    }

    @Test func tlsCanBeTurnedOffForTheNetworkAndThatIsRestated() throws {
        let loaded = try Self.load(store: ["url: postgres://svc@10.0.0.5/state", "password_env: P", "tls: disable"])
        #expect(loaded.insecureTransports.map(\.description) == [
            "store.tls is set: the store password is sent to postgres://svc@10.0.0.5:5432/state in clear text over the network",
        ])
    }

    @Test(arguments: [
        (["url: postgres://svc:hunter2@db/state"], "carries a password"),
        (["url: postgres://db/state"], "names no user"),
        (["url: postgres://svc@db"], "names no database"),
        (["url: mysql://svc@db/state"], "must be postgres://"),
        (["url: postgres://svc@db/state?sslmode=disable"], "takes no query parameters"),
        (["url: postgres://svc@db/state", "tls: prefer"], "tls must be one of disable, require"),
        (["url: postgres://svc@db/state", "path: x.sqlite"], "either path"),
        (["path: x.sqlite", "password_env: P"], "password_env is for a PostgreSQL store"),
        (["url: postgres://svc@db/state", "password_env: P", "password_file: f"], "either password_env or password_file"),
    ])
    func aWrongStoreIsRefusedWithoutEchoingThePassword(store: [String], reason: String) throws {
        let error = try #require(Self.loadError(store: store))
        #expect(error.description.contains(reason), "\(error)")
        #expect(!error.description.contains("hunter2"))
    }
}
