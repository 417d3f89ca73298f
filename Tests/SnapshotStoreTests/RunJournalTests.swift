import Foundation
import Testing

@testable import SnapshotStore

@Suite("Run journal (contract, every store)")
struct RunJournalTests {
    @Test("Runs are listed newest first with their outcome and per-target counts", arguments: StoreKind.allCases)
    func recordsRuns(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let start = Date(timeIntervalSince1970: 1_790_000_000)

        let first = try await store.beginRun(command: "sync", startedAt: start)
        try await store.finishRun(
            first, finishedAt: start.addingTimeInterval(42), outcome: .completedWithFailures, message: "2 failed",
            counts: [
                TargetRunCounts(target: "sertica", created: 10, updated: 3, failed: 2),
                TargetRunCounts(target: "expoints", reimported: 1, disabled: 4, rejected: 5),
            ])
        let second = try await store.beginRun(command: "run", startedAt: start.addingTimeInterval(900))

        let runs = try await store.recentRuns(limit: 10)
        #expect(runs.map(\.id) == [second, first])
        #expect(second > first)

        let unfinished = runs[0]
        #expect(unfinished.command == "run" && unfinished.finishedAt == nil && unfinished.outcome == nil)
        #expect(unfinished.counts.isEmpty)

        let finished = runs[1]
        #expect(finished.startedAt == start)
        #expect(finished.finishedAt == start.addingTimeInterval(42))
        #expect(finished.outcome == .completedWithFailures)
        #expect(finished.message == "2 failed")
        #expect(
            finished.counts == [
                TargetRunCounts(target: "expoints", reimported: 1, disabled: 4, rejected: 5),
                TargetRunCounts(target: "sertica", created: 10, updated: 3, failed: 2),
            ])

        #expect(try await store.recentRuns(limit: 1).map(\.id) == [second])
    }

    @Test("The last completed run of a command: the newest that went through, never one aborted or unfinished", arguments: StoreKind.allCases)
    func lastCompletedRun(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(try await store.lastCompletedRun(command: "reconcile") == nil)
        for (offset, command, outcome) in [
            (0.0, "reconcile", RunOutcome.completedWithFailures), (100, "reconcile", .succeeded), (200, "sync", .succeeded),
            (300, "reconcile", .aborted), (400, "reconcile", nil),
        ] as [(Double, String, RunOutcome?)] {
            let run = try await store.beginRun(command: command, startedAt: start.addingTimeInterval(offset))
            if let outcome {
                try await store.finishRun(run, finishedAt: start.addingTimeInterval(offset + 50), outcome: outcome, message: nil, counts: [])
            }
        }
        #expect(try await store.lastCompletedRun(command: "reconcile") == start.addingTimeInterval(100))
        #expect(try await store.lastCompletedRun(command: "sync") == start.addingTimeInterval(200))
        #expect(try await store.lastCompletedRun(command: "plan") == nil)
    }

    @Test("Finishing an unknown run is an error", arguments: StoreKind.allCases)
    func finishUnknownRun(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let error = await storeError {
            try await store.finishRun(
                RunID(rawValue: 99), finishedAt: Date(), outcome: .succeeded, message: nil, counts: [])
        }
        #expect(error?.code == .recordNotFound)
    }
}
