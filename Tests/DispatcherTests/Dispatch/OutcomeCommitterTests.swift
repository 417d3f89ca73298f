import DirBridgeCore
import SnapshotStore
import Testing

@testable import Dispatcher

@Suite("Outcome committer (group commit)")
struct OutcomeCommitterTests {
    @Test("concurrent batches' changes all become durable; a refused one fails alone")
    func concurrentSubmissions() async throws {
        let fixture = try StoreFixture()
        let committer = OutcomeCommitter(store: fixture.store, target: "fake")
        let batches = creates(60).map { [$0] } + [[action(.update, "ghost", vendorId: "V-9")]]
        let failed = await withTaskGroup(of: String?.self) { group in
            for batch in batches {
                group.addTask {
                    do {
                        try await committer.record(batch.map(SnapshotOutcome.pending))
                        try await committer.record(batch.map { .succeeded($0, vendorId: .set("V-\($0.anchor)")) })
                        return nil
                    } catch {
                        return batch[0].anchor.value
                    }
                }
            }
            var failed: [String] = []
            for await anchor in group { if let anchor { failed.append(anchor) } }
            return failed
        }
        #expect(failed == ["ghost"])
        let records = try await fixture.store.records(target: "fake")
        #expect(records.count == 60)
        #expect(records.allSatisfy { $0.state == .active && $0.vendorId == "V-\($0.anchor)" })
    }
}
