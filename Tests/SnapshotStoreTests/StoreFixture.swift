import DirBridgeCore
import Foundation
import LocalServers
import Logging
import PostgresSnapshotStore
import SnapshotStore
import Testing

/// A fresh directory under the system temp dir for one test's store file, removed afterwards.
struct TemporaryDirectory: ~Copyable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("dirbridge-store-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var storePath: String { path + "/snapshot.sqlite" }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

func openStore(_ path: String) throws -> SQLiteSnapshotStore {
    try SQLiteSnapshotStore(
        path: path, logger: Logger(label: "test.snapshot-store", factory: { _ in SwiftLogNoOpLogHandler() }))
}

func payload(mail: String, department: String = "Engineering") -> TargetPayload {
    TargetPayload(["mail": .string(mail), "department": .string(department), "active": .bool(true)])
}

func action(
    _ kind: ActionKind, _ anchor: String, hash: String, payload: TargetPayload, vendorId: String? = nil
) -> SyncAction {
    SyncAction(
        kind: kind, anchor: Anchor(anchor), dn: "uid=\(anchor),ou=people,dc=example,dc=org", vendorId: vendorId,
        payload: payload, payloadHash: hash, changes: [])
}

/// Expects `body` to throw a `SnapshotStoreError` and returns it.
func storeError(_ body: () async throws -> Void) async -> SnapshotStoreError? {
    do {
        try await body()
        return nil
    } catch let error as SnapshotStoreError {
        return error
    } catch {
        return nil
    }
}

/// The implementations the shared contract tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case memory
    /// A fresh database on the test process's private PostgreSQL server.
    case postgres

    var testDescription: String { rawValue }
}

/// A store of one kind, with the temporary directory its file lives in (SQLite).
final class StoreHarness {
    let directory: TemporaryDirectory
    let store: any SnapshotStore

    init(_ kind: StoreKind) async throws {
        directory = try TemporaryDirectory()
        store =
            switch kind {
            case .sqlite: try openStore(directory.storePath)
            case .memory: InMemorySnapshotStore()
            case .postgres: try await openPostgresStore(PostgresDatabase.create().endpoint)
            }
    }
}

let quietLogger = Logger(label: "test.snapshot-store", factory: { _ in SwiftLogNoOpLogHandler() })

/// A fresh database on the shared server: one per test, so tests never see each other's rows.
struct PostgresDatabase {
    let server: PostgresServer
    let name: String

    static func create() async throws -> PostgresDatabase {
        let server = try await PostgresServer.shared()
        return PostgresDatabase(server: server, name: try await server.createDatabase())
    }

    var endpoint: PostgresEndpoint {
        PostgresEndpoint(
            host: "127.0.0.1", port: server.port, username: server.configuration.user, database: name,
            password: Secret(server.configuration.password), tls: .disable)
    }

    /// Runs SQL on the database as its owner, behind the store's back.
    @discardableResult
    func sql(_ statement: String) async throws -> String {
        try await server.psql(database: name, statement)
    }
}

func openPostgresStore(_ endpoint: PostgresEndpoint) async throws -> PostgresSnapshotStore {
    try await PostgresSnapshotStore(endpoint: endpoint, logger: quietLogger)
}
