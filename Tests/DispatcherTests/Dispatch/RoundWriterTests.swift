import DirBridgeCore
import SnapshotStore
import Testing

@testable import Dispatcher

@Suite("Round writer (grouped store writes)")
struct RoundWriterTests {
    @Test("marks and outcomes go in together; a refused outcome group fails alone")
    func outcomesWithMarks() async throws {
        let fixture = try StoreFixture()
        let writer = RoundWriter(store: fixture.store, target: "fake", secretFields: [])
        let first = creates(30).map { [$0] }
        let second = creates(30, prefix: "w").map { [$0] }
        let marked = await writer.write(outcomes: [], marking: first)
        #expect(marked.marked.map { $0.map(\.anchor) } == first.map { $0.map(\.anchor) })
        #expect(try await fixture.store.pendingRecords(target: "fake").count == 30)

        // The first chunk's outcomes (one naming a user without a record) with the second's marks.
        let outcomes = first.map { $0.map { SnapshotOutcome.succeeded($0, vendorId: .set("V-\($0.anchor)")) } }
            + [[SnapshotOutcome.failed(action(.disable, "ghost", vendorId: "V-9"), error: "HTTP 500")]]
        let written = await writer.write(outcomes: outcomes, marking: second)
        #expect(written.markFailure == nil)
        #expect(written.marked.count == 30)
        #expect(written.unrecorded.keys.sorted() == [30])
        #expect(written.unrecorded[30]?.contains("ghost") == true)
        let records = try await fixture.store.records(target: "fake")
        #expect(records.filter { $0.state == .active }.map(\.anchor) == first.map { $0[0].anchor })
        #expect(records.allSatisfy { $0.anchor != Anchor("ghost") })
        #expect(try await fixture.store.pendingRecords(target: "fake").map(\.record.anchor) == second.map { $0[0].anchor })
    }

    @Test("marks stop at the first one refused: nothing after it is marked, so nothing after it is sent")
    func marksStopAtRefusal() async throws {
        let fixture = try StoreFixture()
        let writer = RoundWriter(store: fixture.store, target: "fake", secretFields: [])
        let batches = [[action(.create, "a")], [action(.update, "ghost", vendorId: "V-9")], [action(.create, "b")]]
        let written = await writer.write(outcomes: [[SnapshotOutcome.failed(action(.disable, "nobody"), error: "x")]], marking: batches)

        #expect(written.marked.map { $0.map(\.anchor) } == [[Anchor("a")]])
        #expect(written.markFailure?.contains("ghost") == true)
        #expect(written.unrecorded.keys.sorted() == [0])
        #expect(try await fixture.store.records(target: "fake").map(\.anchor) == [Anchor("a")])
    }
}
