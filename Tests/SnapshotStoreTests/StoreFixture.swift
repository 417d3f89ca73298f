import DirBridgeCore
import Foundation
import Logging
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

    var testDescription: String { rawValue }
}

/// A store of one kind, with the temporary directory its file lives in (SQLite).
final class StoreHarness {
    let directory: TemporaryDirectory
    let store: any SnapshotStore

    init(_ kind: StoreKind) throws {
        directory = try TemporaryDirectory()
        store =
            switch kind {
            case .sqlite: try openStore(directory.storePath)
            case .memory: InMemorySnapshotStore()
            }
    }
}
