import DirBridgeConfig
import DirBridgeCore
import DirBridgeSync
import Dispatcher
import Foundation
import Logging
import SnapshotStore
import TestSupport
import Testing

/// The whole pipeline in process — read, plan, dispatch, record — through the session's seams:
/// a directory given as a list, the in-memory store and a scripted vendor. What the binary does
/// against slapd and the simulator, without spawning anything.
@Suite struct SyncSessionTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A configured Requestor target whose connection is the scripted vendor.
    struct ScriptedVendor: ConnectorProvider {
        let connector: FakeConnector
        func connect(_ target: TargetConfiguration, logger: Logger) async throws -> TargetConnection {
            TargetConnection(connector: connector)
        }
    }

    let temporary: TemporaryFolder
    var folder: URL { temporary.url }
    let configuration: LoadedConfiguration
    let store = InMemorySnapshotStore()
    let vendor = FakeConnector(target: "desk", vendor: .requestor, keyField: "Username")

    init() throws {
        temporary = try TemporaryFolder(prefix: "dirbridge-session")
        let config = temporary.url.appendingPathComponent("dirbridge.yaml")
        try Data("""
            source: { url: "ldap://127.0.0.1:1", base_dn: "ou=people,dc=example,dc=org" }
            safety: { max_disable_percent: 50 }
            targets:
              - { name: desk, vendor: requestor, base_url: "https://requestor.invalid",
                  mapping: \(Self.repository.path)/mappings/requestor.yaml, credentials: { token_env: UNUSED } }
            """.utf8).write(to: config)
        configuration = try ConfigurationFile.load(path: config.path)
    }

    static func person(_ uid: String, title: String = "Engineer", enabled: Bool = true) -> DirectoryUser {
        DirectoryUser(
            anchor: Anchor("uuid-\(uid)"), dn: "uid=\(uid),ou=people,dc=example,dc=org", enabled: enabled,
            attributes: ["uid": [uid], "mail": ["\(uid)@example.org"], "givenName": [uid.capitalized], "sn": ["Test"], "title": [title]],
            groups: [])
    }

    func sync(_ users: [DirectoryUser]) async throws -> SyncSession.Outcome {
        var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: Logger(label: "test"))
        session.directory = InMemoryDirectorySource(users: users)
        session.store = .opened(store)
        session.connectors = ScriptedVendor(connector: vendor)
        return try await session.run()
    }

    @Test func createsUpdatesAndDisablesThroughEveryStageAndRecordsTheVendorsIds() async throws {
        let first = try await sync([Self.person("ann"), Self.person("bob"), Self.person("cy")])
        #expect(first.status == .allApplied)
        #expect(first.usersRead == 3)
        #expect(first.report.targets.first?.succeeded == [.create: 3])
        let records = await store.records(target: "desk")
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.state == .active && $0.vendorId?.hasPrefix("V-") == true })
        #expect(vendor.snapshot.users["ann"]?.payload["Title"] == .string("Engineer"))

        // Nothing changed: nothing is sent.
        let quiet = try await sync([Self.person("ann"), Self.person("bob"), Self.person("cy")])
        #expect(quiet.report.targets.first?.planned == 0)
        #expect(vendor.snapshot.batchSizes.count == 1)

        // Ann is promoted, bob leaves, dee joins.
        let changed = try await sync([Self.person("ann", title: "Lead"), Self.person("bob", enabled: false), Self.person("cy"), Self.person("dee")])
        #expect(changed.status == .allApplied)
        #expect(changed.report.targets.first?.succeeded == [.create: 1, .update: 1, .disable: 1])
        #expect(vendor.snapshot.users["ann"]?.payload["Title"] == .string("Lead"))
        #expect(vendor.snapshot.users["bob"]?.enabled == false)
        #expect(vendor.snapshot.creates == ["ann": 1, "bob": 1, "cy": 1, "dee": 1], "nobody is created twice")
    }

    @Test func anOutcomeLostAfterTheVendorAppliedIsSettledByLookupNotByASecondCreate() async throws {
        var script = FakeConnector.Script()
        script.decide = { $0.kind == .create && $0.dn.hasPrefix("uid=bob,") ? .unknownAfterApplying : .apply }
        let flaky = FakeConnector(target: "desk", vendor: .requestor, keyField: "Username", script: script)
        var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: Logger(label: "test"))
        session.directory = InMemoryDirectorySource(users: [Self.person("ann"), Self.person("bob")])
        session.store = .opened(store)
        session.connectors = ScriptedVendor(connector: flaky)

        let outcome = try await session.run()
        #expect(outcome.status == .allApplied, "\(outcome.report.summary)")
        #expect(flaky.snapshot.creates == ["ann": 1, "bob": 1])
        #expect(flaky.snapshot.calls.contains("lookup(bob)"))
        let bob = try #require(await store.records(target: "desk").first { $0.anchor == Anchor("uuid-bob") })
        #expect(bob.state == .active)
        #expect(bob.vendorId == flaky.snapshot.users["bob"]?.id)
    }

    @Test func reconcilePlansRepairsThatAreSentAndRecordedLikeAnyAction() async throws {
        let people = [Self.person("ann"), Self.person("bob"), Self.person("cy")]
        _ = try await sync(people)
        vendor.state.withLock { $0.users["bob"] = nil }  // deleted by hand in the vendor's UI

        var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: Logger(label: "test"))
        session.directory = InMemoryDirectorySource(users: people + [Self.person("dee")])
        session.store = .opened(store)
        session.connectors = ScriptedVendor(connector: vendor)
        session.reconciles = true
        let outcome = try await session.run()

        #expect(outcome.status == .allApplied, "\(outcome.report.summary ?? "")")
        let result = try #require(outcome.reconciled.first)
        #expect((result.checked, result.missing, result.conflicts) == (3, 1, 0))
        // Bob is created again, ann and cy re-sent in full, dee (a directory change) created once.
        #expect(outcome.report.targets.first?.succeeded == [.create: 2, .update: 2])
        #expect(vendor.snapshot.creates == ["ann": 1, "bob": 2, "cy": 1, "dee": 1])
        let bob = try #require(await store.records(target: "desk").first { $0.anchor == Anchor("uuid-bob") })
        #expect(bob.state == .active && bob.vendorId == vendor.snapshot.users["bob"]?.id)
    }
}
