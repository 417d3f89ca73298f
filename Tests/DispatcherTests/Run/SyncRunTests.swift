import Connectors
import DirBridgeCore
import Dispatcher
import Foundation
import Logging
import SnapshotStore
import TestSupport
import Testing

@Suite("SyncRun")
struct SyncRunTests {
    private func job(_ connector: FakeConnector, _ actions: [SyncAction], blockedReason: String? = nil) -> TestTurn {
        TestTurn(connector: connector) {
            plan(actions, target: connector.target, blockedReason: blockedReason)
        }
    }

    @Test("all applied: exit 0, journal succeeded with per-target counts")
    func allApplied() async throws {
        let fixture = try StoreFixture()
        let one = FakeConnector(target: "one")
        let two = FakeConnector(target: "two", maxBatchSize: 2)
        let report = await SyncRun(store: fixture.store, logger: quietLogger)
            .dispatchTargets(command: "sync", turns: [job(one, creates(3)), job(two, creates(5))])

        #expect(report.status == .allApplied)
        #expect(report.status.exitCode == 0)
        #expect(report.targets.map(\.target) == ["one", "two"])
        let run = try #require(try await fixture.store.recentRuns(limit: 1).first)
        #expect(run.id == report.run)
        #expect(run.command == "sync")
        #expect(run.outcome == .succeeded)
        #expect(run.finishedAt != nil)
        #expect(run.counts == [
            TargetRunCounts(target: "one", created: 3), TargetRunCounts(target: "two", created: 5),
        ])
    }

    @Test("one target failing to open does not stop the others; the run could not run fully (exit 1)")
    func openFailureIsolated() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.openError = ConnectorError(
            code: .authentication, target: "broken", operation: "open", message: "credentials refused", status: 401)
        let broken = FakeConnector(target: "broken", script: script)
        let healthy = FakeConnector(target: "healthy")
        let report = await SyncRun(store: fixture.store, logger: quietLogger)
            .dispatchTargets(command: "sync", turns: [job(broken, creates(2)), job(healthy, creates(4))])

        #expect(report.status == .couldNotRun)
        #expect(report.status.exitCode == 1)
        #expect(report.targets[0].error?.code == .openFailed)
        #expect(report.targets[1].succeeded[.create] == 4)
        #expect(try await fixture.store.records(target: "healthy").count == 4)
        #expect(try await fixture.store.records(target: "broken").isEmpty)
        let run = try #require(try await fixture.store.recentRuns(limit: 1).first)
        #expect(run.outcome == .aborted)
        #expect(run.message?.contains("credentials refused") == true)
        #expect(run.counts.map(\.target) == ["broken", "healthy"])
    }

    @Test("rejected users give exit 2; a blocked target gives exit 3 and wins over rejections")
    func exitClassification() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.decide = { $0.anchor.value == "u001" ? .reject(field: "mail", reason: "invalid") : .apply }
        let rejecting = FakeConnector(target: "rejecting", script: script)
        let run = SyncRun(store: fixture.store, logger: quietLogger)

        let rejected = await run.dispatchTargets(command: "sync", turns: [job(rejecting, creates(3))])
        #expect(rejected.status == .someUsersRejectedOrFailed)
        #expect(rejected.status.exitCode == 2)
        #expect(rejected.summary?.contains("1 rejected") == true)
        #expect(try await fixture.store.recentRuns(limit: 1).first?.outcome == .completedWithFailures)
        #expect(try await fixture.store.recentRuns(limit: 1).first?.counts.first?.rejected == 1)

        let blocking = FakeConnector(target: "blocking")
        let blocked = await run.dispatchTargets(
            command: "sync",
            turns: [job(rejecting, [action(.create, "u001")]), job(blocking, creates(2), blockedReason: "too many disables")])
        #expect(blocked.status == .blocked)
        #expect(blocked.status.exitCode == 3)
        #expect(try await fixture.store.recentRuns(limit: 1).first?.outcome == .blocked)
        #expect(blocking.snapshot.batchSizes.isEmpty)
    }

    @Test("each target is planned after its pending records are resolved")
    func planAfterResolution() async throws {
        let fixture = try StoreFixture()
        var crashScript = FakeConnector.Script()
        crashScript.decide = { _ in .unknownAfterApplying }
        let crashed = FakeConnector(script: crashScript)
        _ = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(2)), through: crashed, options: DispatchOptions(followUpRounds: 0))
        #expect(try await fixture.store.pendingRecords(target: "fake").count == 2)

        let connector = FakeConnector()
        connector.state.withLock { $0.users = crashed.snapshot.users }
        let store = fixture.store
        let job = TestTurn(connector: connector) {
            // What a planner sees: no pending record left, both ready for an update re-send.
            let records = try await store.records(target: "fake")
            #expect(records.allSatisfy { $0.state == .failed && $0.lastAction == .update && $0.vendorId != nil })
            return plan(records.map { action(.update, $0.anchor.value, vendorId: $0.vendorId) })
        }
        let report = await SyncRun(store: fixture.store, logger: quietLogger).dispatchTargets(command: "sync", turns: [job])
        #expect(report.targets.first?.resolution.counts == PendingResolution(found: 2))
        #expect(report.status == .allApplied)
        #expect(connector.snapshot.creates.isEmpty)
        #expect(try await fixture.store.records(target: "fake").allSatisfy { $0.state == .active })
    }
}

extension SyncRunTests {
    @Test("a shutdown as the run opens its journal sends nothing and is no error")
    func shutdownBeforeTheJournalIsNotAnError() async throws {
        let fixture = try StoreFixture()
        let logs = RecordedLogs()
        let connector = FakeConnector(maxBatchSize: 2)
        let jobs = [TestTurn(connector: connector) { plan(creates(2)) }]
        let report = await Task {
            withUnsafeCurrentTask { $0?.cancel() }  // the shutdown lands before the journal opens
            return await SyncRun(store: fixture.store, logger: logs.logger).dispatchTargets(command: "run", turns: jobs)
        }.value

        #expect(report.status == .couldNotRun && report.run == nil)
        #expect(connector.snapshot.batchSizes.isEmpty, "nothing is sent")
        #expect(!logs.levels.contains(.error), "\(logs.messages)")
        #expect(logs.messages.contains("Shutdown before the run journal was opened; nothing sent"))
    }

    @Test("a cancelled run records its in-flight batches and still closes its journal entry")
    func cancelledRunClosesJournal() async throws {
        let fixture = try StoreFixture()
        let gate = Gate()
        var script = FakeConnector.Script()
        script.beforeApply = { _ in await gate.wait() }
        let connector = FakeConnector(maxBatchSize: 2, script: script)
        let syncRun = SyncRun(store: fixture.store, logger: quietLogger)
        let jobs = [TestTurn(connector: connector, options: DispatchOptions(concurrency: 1)) { plan(creates(6)) }]
        let running = Task { await syncRun.dispatchTargets(command: "run", turns: jobs) }
        #expect(await eventually { connector.snapshot.batchSizes.count == 1 })
        running.cancel()
        await gate.open()
        let report = await running.value

        #expect(report.status == .couldNotRun)
        #expect(report.targets.first?.succeeded[.create] == 2)
        #expect(report.targets.first?.notSent == 4)
        let run = try #require(try await fixture.store.recentRuns(limit: 1).first)
        #expect(run.outcome == .aborted)
        #expect(run.message?.contains("4 not sent") == true)
        #expect(run.counts.first?.created == 2)
    }
}
