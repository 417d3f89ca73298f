import DirBridgeCore
import Dispatcher
import SnapshotStore
import TestSupport
import Testing

/// A secret field a mapping sends is stored only as a digest, in flight and once applied.
@Suite("Secrets in the snapshot")
struct SecretStorageTests {
    @Test("a Password sent to Sertica is stored as a digest, never in clear")
    func passwordStoredSealed() async throws {
        let fixture = try StoreFixture()
        let secret = "Winter2026!"
        var create = action(.create, "ivy")
        create.payload["Password"] = .string(secret)
        let connector = FakeConnector(vendor: .sertica)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([create]), through: connector, options: DispatchOptions(followUpRounds: 0))
        #expect(report.isComplete)
        #expect(connector.snapshot.users["ivy"]?.payload["Password"] == .string(secret), "the vendor gets the real value")

        let stored = try #require(try await fixture.store.payloads(target: "fake", anchors: [Anchor("ivy")])[Anchor("ivy")])
        guard case .string(let kept)? = stored["Password"] else { Issue.record("no Password digest kept"); return }
        #expect(!kept.contains(secret) && kept.hasPrefix("sealed:sha256:"))
        #expect(stored.withoutSealedSecrets["Password"] == nil, "a stored payload is never sent with the digest")
    }
}
