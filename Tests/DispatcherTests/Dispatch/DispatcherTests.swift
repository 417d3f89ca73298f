import Connectors
import DirBridgeCore
import Dispatcher
import SnapshotStore
import Synchronization
import TestSupport
import Testing

@Suite("Dispatcher")
struct DispatcherTests {
    @Test("every batch is pending in the store while the connector sends it")
    func pendingBeforeSend() async throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let pendingDuringApply = Mutex<[[Anchor]]>([])
        var script = FakeConnector.Script()
        script.beforeApply = { batch in
            let pending = (try? await store.pendingRecords(target: "fake")) ?? []
            let batchAnchors = Set(batch.map(\.anchor))
            pendingDuringApply.withLock { $0.append(pending.map(\.record.anchor).filter(batchAnchors.contains)) }
        }
        let connector = FakeConnector(maxBatchSize: 2, script: script)
        let report = await Dispatcher(store: store, logger: quietLogger)
            .dispatch(plan(creates(5)), through: connector, options: DispatchOptions(concurrency: 1))

        #expect(pendingDuringApply.withLock { $0.map(\.count) } == [2, 2, 1])
        #expect(report.error == nil)
        #expect(report.succeeded[.create] == 5)
        let records = try await store.records(target: "fake")
        #expect(records.allSatisfy { $0.state == .active && $0.vendorId != nil })
        #expect(try await store.pendingRecords(target: "fake").isEmpty)
        #expect(connector.snapshot.calls.first == "open" && connector.snapshot.calls.last == "close")
    }

    @Test("outcomes are recorded per user: ids, rejections naming user and field, failures, unknowns")
    func outcomesRecorded() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.decide = { action in
            switch action.anchor.value {
            case "bob": .reject(field: "mail", reason: "field mail: not a valid address")
            case "carol": .fail("HTTP 503 after 3 attempts")
            case "dave": .unknownNotApplied
            case "erin": .noOutcome
            default: .apply
            }
        }
        // Batches of one: the rejected user comes first and must not stop the others.
        let connector = FakeConnector(maxBatchSize: 1, script: script)
        let observer = RecordingObserver()
        let actions = ["bob", "alice", "carol", "dave", "erin", "frank"].map { action(.create, $0) }
        let report = await Dispatcher(store: fixture.store, observer: observer, logger: quietLogger)
            .dispatch(plan(actions), through: connector, options: DispatchOptions(followUpRounds: 0))

        #expect(report.sent == 6)
        #expect(report.succeeded[.create] == 2)
        #expect(report.rejected.map(\.dn) == [dn("bob")])
        #expect(report.rejected.first?.field == "mail")
        #expect(report.rejected.first?.message.contains(dn("bob")) == true)
        #expect(report.failed.map(\.dn) == [dn("carol")])
        #expect(Set(report.unknown.map(\.dn)) == [dn("dave"), dn("erin")])
        #expect(report.error == nil)
        #expect(SyncExitStatus(report) == .someUsersRejectedOrFailed)

        let alice = try #require(try await fixture.record("alice"))
        #expect(alice.state == .active)
        #expect(alice.vendorId == connector.snapshot.users["alice"]?.id)
        #expect(alice.payloadHash == hash("alice"))
        let bob = try #require(try await fixture.record("bob"))
        #expect(bob.state == .failed)
        #expect(bob.lastError?.contains("mail") == true)
        #expect(try await fixture.record("carol")?.state == .failed)
        #expect(try await fixture.record("dave")?.state == .pending)
        #expect(try await fixture.record("erin")?.state == .pending)
        #expect(observer.announced.withLock { $0 } == [6])
        #expect(observer.seen.withLock { $0.sorted { $0.rawValue < $1.rawValue } }
            == [.applied, .applied, .failed, .rejected, .unknown, .unknown])
    }

    @Test("an applied update keeps the vendor id; a disable by delete clears it, by field keeps it")
    func vendorIdUpdates() async throws {
        for policy in [DeprovisionPolicy.delete, .disable] {
            let fixture = try StoreFixture()
            let connector = FakeConnector(deprovision: policy)
            let dispatcher = Dispatcher(store: fixture.store, logger: quietLogger)
            _ = await dispatcher.dispatch(plan([action(.create, "alice"), action(.create, "bob")]), through: connector)
            let id = try #require(try await fixture.record("alice")?.vendorId)

            let report = await dispatcher.dispatch(
                plan([action(.update, "alice", department: "Sales", vendorId: id), action(.disable, "bob")]),
                through: connector)
            #expect(report.isComplete)
            let alice = try #require(try await fixture.record("alice"))
            #expect(alice.vendorId == id)
            #expect(alice.payloadHash == hash("alice", department: "Sales"))
            let bob = try #require(try await fixture.record("bob"))
            #expect(bob.state == .disabled)
            #expect((bob.vendorId == nil) == (policy == .delete))
        }
    }

    /// A vendor that upserts answers a create with the account it already has under that key:
    /// a leaver's (his address given to a new hire), or another user's created in the same run.
    /// Neither is linked to a second person; the holder keeps his record untouched.
    @Test("an answer linking a user to an account another user holds is a rejection naming the holder, never recorded")
    func anotherUsersAccountIsNeverLinked() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(maxBatchSize: 1)  // upserts by userName, as such vendors do
        let dispatcher = Dispatcher(store: fixture.store, logger: quietLogger)
        _ = await dispatcher.dispatch(plan([action(.create, "ann")]), through: connector)
        let annId = try #require(try await fixture.record("ann")?.vendorId)

        // Bob's payload carries ann's user name (the address handed on); carl and his twin arrive together.
        var bob = action(.create, "bob")
        bob.payload = payload("ann")
        var twin = action(.create, "carl-2")
        twin.payload = payload("carl")
        let report = await dispatcher.dispatch(
            plan([bob, action(.create, "carl"), twin]), through: connector, options: DispatchOptions(concurrency: 1))

        #expect(Set(report.rejected.map(\.dn)) == [dn("bob"), dn("carl-2")])
        #expect(report.rejected.first { $0.dn == dn("bob") }?.message.contains("belongs to \(dn("ann"))") == true)
        #expect(report.succeeded[.create] == 1)
        #expect(try await fixture.record("ann")?.vendorId == annId)
        #expect(try await fixture.record("bob")?.vendorId == nil)
        #expect(try await fixture.record("carl-2")?.vendorId == nil)
        #expect(try await fixture.record("carl")?.vendorId != nil)
        let held = try await fixture.store.records(target: "fake").compactMap(\.vendorId)
        #expect(held.count == Set(held).count, "no vendor id held by two people: \(held)")
    }

    @Test("a blocked plan is refused (nothing opened, marked or sent) unless forced")
    func blockedPlan() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector()
        let dispatcher = Dispatcher(store: fixture.store, logger: quietLogger)
        let blocked = plan(creates(3), blockedReason: "would disable 40 of 100 managed users (40%)")

        let refused = await dispatcher.dispatch(blocked, through: connector)
        #expect(refused.error?.code == .blocked)
        #expect(refused.error?.message.contains("40%") == true)
        #expect(refused.notSent == 3)
        #expect(SyncExitStatus(refused) == .blocked)
        #expect(connector.snapshot.calls.isEmpty)
        #expect(try await fixture.store.records(target: "fake").isEmpty)

        let forced = await dispatcher.dispatch(blocked, through: connector, options: DispatchOptions(force: true))
        #expect(forced.error == nil)
        #expect(forced.succeeded[.create] == 3)
    }

    @Test("batches never exceed maxBatchSize", arguments: [(23, 5), (10, 10), (7, 1)])
    func batchSizes(count: Int, maxBatchSize: Int) async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(maxBatchSize: maxBatchSize)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(count)), through: connector, options: DispatchOptions(concurrency: 3))
        let sizes = connector.snapshot.batchSizes
        #expect(sizes.allSatisfy { $0 <= maxBatchSize })
        #expect(sizes.reduce(0, +) == count)
        #expect(sizes.count == (count + maxBatchSize - 1) / maxBatchSize)
        #expect(report.succeeded[.create] == count)
    }

    @Test("batches in flight: enough to fill the window, with room for batches finishing")
    func batchesToFillTheWindow() {
        #expect(DispatchOptions.batchesToFill(window: 32, requestsPerBatch: 1) == 33)
        #expect(DispatchOptions.batchesToFill(window: 32, requestsPerBatch: 32) == 2)
        #expect(DispatchOptions.batchesToFill(window: 32, requestsPerBatch: 10) == 8)
        #expect(DispatchOptions.batchesToFill(window: 128, requestsPerBatch: 50) == 6)
        #expect(DispatchOptions.batchesToFill(window: 1, requestsPerBatch: 1) == 2)
        #expect(DispatchOptions.batchesToFill(window: 0, requestsPerBatch: 0) == 2)
    }

    @Test("no more than `concurrency` batches are in flight", arguments: [1, 2, 3])
    func concurrencyBound(concurrency: Int) async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.applyDelay = .milliseconds(40)
        // Each batch waits (at most 5 s) until `concurrency` are in flight or all 8 have arrived:
        // the bound is then reached however slowly the store commits on a loaded machine, and
        // a dispatcher that let more through would show it.
        let connectorBox = Mutex<FakeConnector?>(nil)
        script.beforeApply = { _ in
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline,
                  let state = connectorBox.withLock({ $0?.snapshot }), state.inFlight < concurrency, state.batchSizes.count < 8 {
                try? await Task.sleep(for: .milliseconds(2))
            }
        }
        let connector = FakeConnector(maxBatchSize: 2, script: script)
        connectorBox.withLock { $0 = connector }
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(16)), through: connector, options: DispatchOptions(concurrency: concurrency))
        #expect(report.succeeded[.create] == 16)
        // 8 batches of 40 ms each: the bound is reached and never passed.
        #expect(connector.snapshot.peakInFlight == concurrency)
    }

    @Test("cancellation starts no new batch, records the batches in flight and releases those marked and not sent")
    func cancellation() async throws {
        let fixture = try StoreFixture()
        let gate = Gate()
        var script = FakeConnector.Script()
        script.beforeApply = { _ in await gate.wait() }
        let connector = FakeConnector(maxBatchSize: 1, script: script)
        let dispatcher = Dispatcher(store: fixture.store, logger: quietLogger)
        let run = Task {
            await dispatcher.dispatch(plan(creates(6)), through: connector, options: DispatchOptions(concurrency: 2))
        }
        #expect(await eventually { connector.snapshot.batchSizes.count == 2 })
        run.cancel()
        await gate.open()
        let report = await run.value

        #expect(report.cancelled)
        #expect(report.sent == 2)
        #expect(report.notSent == 4)
        #expect(report.succeeded[.create] == 2)
        #expect(connector.snapshot.batchSizes.count == 2)
        #expect(connector.snapshot.calls.last == "close")
        // Marked pending ahead of sending, the other four are released: failed, so the next run
        // sends them without a lookup first.
        let records = try await fixture.store.records(target: "fake")
        #expect(records.filter { $0.state == .active }.count == 2)
        #expect(records.filter { $0.state == .failed && $0.lastError?.contains("not sent: the run was cancelled") == true }.count == 4)
        #expect(try await fixture.store.pendingRecords(target: "fake").isEmpty)
        #expect(SyncExitStatus(report) == .couldNotRun)
    }

    @Test("a store write failure stops the target before anything else is sent")
    func storeFailureIsFatal() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(maxBatchSize: 1)
        // An update for an anchor the store has no record of: the pending mark is refused.
        let actions = [action(.update, "ghost", vendorId: "V-9")] + creates(3)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(actions), through: connector, options: DispatchOptions(concurrency: 1))

        #expect(report.error?.code == .storeWriteFailed)
        #expect(report.error?.message.contains("ghost") == true)
        #expect(report.sent == 0)
        #expect(report.notSent == 4)
        #expect(connector.snapshot.batchSizes.isEmpty)
        #expect(connector.snapshot.calls == ["open", "close"])
        #expect(try await fixture.store.records(target: "fake").isEmpty)
    }

    @Test("an open failure fails the target clearly, with nothing marked pending")
    func openFailure() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.openError = ConnectorError(
            code: .authentication, target: "fake", operation: "open", message: "token refused", status: 401)
        let connector = FakeConnector(script: script)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(3)), through: connector)

        #expect(report.error?.code == .openFailed)
        #expect(report.error?.message.contains("token refused") == true)
        #expect(report.sent == 0)
        #expect(connector.snapshot.batchSizes.isEmpty)
        #expect(try await fixture.store.records(target: "fake").isEmpty)
    }

    @Test("plan rejections are reported with user and field; retries come from the connector's statistics")
    func planRejectionsAndRetries() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.retriesPerApply = 2
        let connector = FakeConnector(maxBatchSize: 2, script: script)
        let rejection = Rejection(
            anchor: Anchor("zed"), dn: dn("zed"), field: "mail", reason: "required field is empty")
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(4), rejected: [rejection]), through: connector)

        #expect(report.retried == 4)
        #expect(report.rejected.count == 1)
        #expect(report.rejected.first?.field == "mail")
        #expect(report.rejected.first?.message.contains(dn("zed")) == true)
        #expect(report.runCounts == TargetRunCounts(target: "fake", created: 4, rejected: 1))
    }
}

extension DispatcherTests {
    @Test("close is called even when open fails")
    func closeAfterFailedOpen() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.openError = ConnectorError(code: .transport, target: "fake", operation: "open", message: "refused")
        let connector = FakeConnector(script: script)
        _ = await Dispatcher(store: fixture.store, logger: quietLogger).dispatch(plan(creates(1)), through: connector)
        #expect(connector.snapshot.calls == ["open", "close"])
    }
}
