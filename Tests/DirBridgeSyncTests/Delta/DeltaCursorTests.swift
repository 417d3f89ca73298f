import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Foundation
import Logging
import SnapshotStore
import Synchronization
import TestSupport
import Testing

@testable import DirBridgeSync

/// When the delta cursor moves: only after a run in which every configured target completed, and
/// then with the users a target rejected, to be read again. In process: a scripted directory
/// that offers deltas, the in-memory store, a scripted vendor.
@Suite struct DeltaCursorTests {
    /// A directory offering delta reads: a full read returns `users` with a new cookie, a delta
    /// returns `changed` and records which users it was asked to read again.
    final class ScriptedDeltaDirectory: DirectorySource {
        struct State {
            var users: [DirectoryUser] = []
            var changed: [DirectoryUser] = []
            var cookies: UInt8 = 0
            var revisitAsked: [[Anchor]] = []
            var fullReads = 0
        }
        let state = Mutex(State())

        var deltaSource: String? { "scripted" }

        func users(onPage: (Int) -> Void) async throws -> DirectoryRead {
            DirectoryRead(users: state.withLock { $0.users })
        }

        func usersForDelta(onPage: (Int) -> Void) async throws -> (users: [DirectoryUser], report: DirectoryReadReport?) {
            state.withLock { state in
                state.fullReads += 1
                state.cookies += 1
                return (state.users, DirectoryReadReport(groupBaseDN: "", syncCookie: [state.cookies]))
            }
        }

        func changes(since cookie: [UInt8], revisit: [Anchor], groups: GroupBaseline) async throws -> DirectoryChanges {
            state.withLock { state in
                state.revisitAsked.append(revisit)
                state.cookies += 1
                let wanted = Set(revisit)
                let again = state.users.filter { wanted.contains($0.anchor) && !state.changed.map(\.anchor).contains($0.anchor) }
                return DirectoryChanges(
                    changed: state.changed + again, deleted: [], cookie: [state.cookies],
                    report: DirectoryReadReport(groupBaseDN: ""))
            }
        }
    }

    /// The scripted vendor, or a setup failure while `refuses` is set.
    final class Vendors: ConnectorProvider {
        let connector = FakeConnector(target: "desk", vendor: .requestor, keyField: "Username")
        let refuses = Mutex(false)
        func connect(_ target: TargetConfiguration, logger: Logger) async throws -> TargetConnection {
            if refuses.withLock({ $0 }) { throw CancellationError() }
            return TargetConnection(connector: connector)
        }
    }

    let temporary: TemporaryFolder
    let configuration: LoadedConfiguration
    let store = InMemorySnapshotStore()
    let directory = ScriptedDeltaDirectory()
    let vendors = Vendors()

    init() throws {
        temporary = try TemporaryFolder(prefix: "dirbridge-cursor")
        let config = temporary.url.appendingPathComponent("dirbridge.yaml")
        try Data("""
            source: { url: "ldap://127.0.0.1:1", base_dn: "ou=people,dc=example,dc=org" }
            targets:
              - { name: desk, vendor: requestor, base_url: "https://requestor.invalid",
                  mapping: \(SyncSessionTests.repository.path)/mappings/requestor.yaml, credentials: { token_env: UNUSED } }
            """.utf8).write(to: config)
        configuration = try ConfigurationFile.load(path: config.path)
    }

    func sync() async throws -> SyncSession.Outcome {
        var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: Logger(label: "test"))
        session.directory = directory
        session.store = .opened(store)
        session.connectors = vendors
        return try await session.run()
    }

    @Test func theCursorMovesOnlyWhenEveryTargetCompletedAndKeepsTheRejectedToReadAgain() async throws {
        var nameless = SyncSessionTests.person("nameless")
        nameless.attributes["uid"] = nil  // Requestor requires a Username: rejected
        directory.state.withLock { $0.users = [SyncSessionTests.person("ann"), SyncSessionTests.person("bob"), nameless] }

        vendors.refuses.withLock { $0 = true }
        _ = try await sync()
        #expect(await store.directoryCursor(source: "scripted") == nil, "a target that could not run leaves no cursor")

        vendors.refuses.withLock { $0 = false }
        let complete = try await sync()
        #expect(complete.readChangesOnly == false)
        let cursor = try #require(await store.directoryCursor(source: "scripted"))
        #expect(cursor.revisit == [nameless.anchor])
        #expect(directory.state.withLock { $0.fullReads } == 2)

        // Ann is promoted: the delta reads her, and the rejected user again.
        directory.state.withLock { $0.changed = [SyncSessionTests.person("ann", title: "Lead")] }
        let delta = try await sync()
        #expect(delta.readChangesOnly)
        #expect(directory.state.withLock { $0.revisitAsked } == [[nameless.anchor]])
        #expect(delta.report.targets.first?.succeeded == [.update: 1])
        #expect(delta.report.targets.first?.rejected.count == 1, "the rejection is reported as a full read reports it")
        #expect(vendors.connector.snapshot.users["ann"]?.payload["Title"] == .string("Lead"))
        #expect(try #require(await store.directoryCursor(source: "scripted")).cookie != cursor.cookie)
    }
}
