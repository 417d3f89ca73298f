import Connectors
import DirBridgeCore
@testable import Dispatcher
import SnapshotStore
import TestSupport
import Testing

@Suite("PendingResolver")
struct PendingResolverTests {
    /// Sends `actions` once with the given decision for all, leaving them pending when it is unknown.
    private func send(
        _ actions: [SyncAction], _ decision: FakeConnector.Decision, fixture: StoreFixture,
        deprovision: DeprovisionPolicy = .disable, vendor: FakeConnector? = nil
    ) async -> FakeConnector {
        var script = FakeConnector.Script()
        script.decide = { _ in decision }
        let connector = FakeConnector(deprovision: deprovision, script: script)
        if let vendor { connector.state.withLock { $0.users = vendor.snapshot.users } }
        // No follow-up rounds: these tests leave the outcome open, as a crash would, for the resolver.
        _ = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(actions), through: connector, options: DispatchOptions(followUpRounds: 0))
        return connector
    }

    /// A connector over the same fake vendor state as `previous`, answering normally.
    private func reconnect(
        to previous: FakeConnector, script: FakeConnector.Script = FakeConnector.Script(),
        deprovision: DeprovisionPolicy = .disable
    ) -> FakeConnector {
        let connector = FakeConnector(deprovision: deprovision, script: script)
        connector.state.withLock { $0.users = previous.snapshot.users; $0.creates = previous.snapshot.creates }
        return connector
    }

    @Test("a create applied before the answer was lost is found: its id is stored and it is never created again")
    func createFound() async throws {
        let fixture = try StoreFixture()
        let crashed = await send([action(.create, "alice")], .unknownAfterApplying, fixture: fixture)
        #expect(try await fixture.record("alice")?.state == .pending)
        let vendorId = try #require(crashed.snapshot.users["alice"]?.id)

        let connector = reconnect(to: crashed)
        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: connector)
        #expect(resolution.counts == PendingResolution(found: 1))
        let alice = try #require(try await fixture.record("alice"))
        #expect(alice.vendorId == vendorId)
        // Retried as an update (the diff plans failed records by their last action), not a create.
        #expect(alice.state == .failed)
        #expect(alice.lastAction == .update)
        #expect(alice.lastError?.contains(vendorId) == true)
        #expect(try await fixture.store.pendingRecords(target: "fake").isEmpty)

        // The next plan, as the diff makes it from that record: an update to the stored id.
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.update, "alice", vendorId: alice.vendorId)]), through: connector)
        #expect(report.isComplete)
        #expect(connector.snapshot.creates["alice"] == 1)
        #expect(try await fixture.record("alice")?.state == .active)
        #expect(try await fixture.record("alice")?.vendorId == vendorId)
    }

    @Test("a create that never reached the vendor is not found: recorded failed as a create, then created once")
    func createNotFound() async throws {
        let fixture = try StoreFixture()
        let lost = await send([action(.create, "bob")], .unknownNotApplied, fixture: fixture)
        let connector = reconnect(to: lost)
        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: connector)
        #expect(resolution.counts == PendingResolution(notFound: 1))
        let bob = try #require(try await fixture.record("bob"))
        #expect(bob.state == .failed)
        #expect(bob.lastAction == .create)
        #expect(bob.vendorId == nil)
        #expect(bob.lastError?.contains("not applied") == true)

        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "bob")]), through: connector)
        #expect(report.succeeded[.create] == 1)
        #expect(connector.snapshot.creates["bob"] == 1)
        #expect(try await fixture.record("bob")?.state == .active)
    }

    @Test("a pending disable whose account is gone is recorded disabled, id cleared")
    func disableNotFound() async throws {
        let fixture = try StoreFixture()
        let created = await send([action(.create, "carol")], .apply, fixture: fixture, deprovision: .delete)
        let id = try #require(try await fixture.record("carol")?.vendorId)
        let crashed = await send(
            [action(.disable, "carol", vendorId: id)], .unknownAfterApplying, fixture: fixture,
            deprovision: .delete, vendor: created)
        #expect(crashed.snapshot.users["carol"] == nil)

        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger)
            .resolve(through: reconnect(to: crashed, deprovision: .delete))
        #expect(resolution.counts == PendingResolution(notFound: 1))
        let carol = try #require(try await fixture.record("carol"))
        #expect(carol.state == .disabled)
        #expect(carol.vendorId == nil)
    }

    @Test("a pending disable still held by the vendor is re-sent as a disable")
    func disableFound() async throws {
        let fixture = try StoreFixture()
        let created = await send([action(.create, "dan")], .apply, fixture: fixture)
        let lost = await send(
            [action(.disable, "dan")], .unknownNotApplied, fixture: fixture, vendor: created)
        _ = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: reconnect(to: lost))
        let dan = try #require(try await fixture.record("dan"))
        #expect(dan.state == .failed)
        #expect(dan.lastAction == .disable)
    }

    @Test("without a vendor lookup the record stays pending, for the diff to re-send the idempotent import")
    func unsupported() async throws {
        let fixture = try StoreFixture()
        let crashed = await send([action(.create, "erin")], .unknownAfterApplying, fixture: fixture)
        var script = FakeConnector.Script()
        script.lookupSupported = false
        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger)
            .resolve(through: reconnect(to: crashed, script: script))
        #expect(resolution.counts == PendingResolution(unsupported: 1))
        #expect(try await fixture.record("erin")?.state == .pending)
    }

    @Test("a lookup error holds back only that user: the others are resolved, planned and sent")
    func lookupErrorHoldsOneUser() async throws {
        let fixture = try StoreFixture()
        let crashed = await send(
            [action(.create, "fay"), action(.create, "gus")], .unknownAfterApplying, fixture: fixture)
        var script = FakeConnector.Script()
        script.lookupError = ConnectorError(code: .transport, target: "fake", operation: "lookup of fay", message: "timed out")
        script.lookupErrorFor = ["fay"]
        let connector = reconnect(to: crashed, script: script)
        let gusId = try #require(crashed.snapshot.users["gus"]?.id)
        // As the diff plans them: gus by his resolved record (an update to the found id), fay as pending.
        let job = TestTurn(connector: connector, options: DispatchOptions(followUpRounds: 0)) {
            plan([action(.create, "fay"), action(.update, "gus", vendorId: gusId), action(.create, "hank")])
        }
        let report = await Dispatcher(store: fixture.store, logger: quietLogger).turn(job)

        #expect(report.error == nil)
        #expect(report.resolution.counts == PendingResolution(found: 1, unresolved: 1))
        #expect(report.unknown.map(\.anchor) == [Anchor("fay")])
        #expect(report.unknown.first?.message.contains("timed out") == true)
        #expect(report.succeeded == [.update: 1, .create: 1])
        #expect(connector.snapshot.creates["fay"] == 1, "fay must not be created a second time")
        #expect(try await fixture.store.pendingRecords(target: "fake").map(\.record.anchor) == [Anchor("fay")])
        #expect(SyncExitStatus(report) != .couldNotRun)
    }

    @Test("a lookup that fails once is asked again after the others, and resolves the user in the same run")
    func aLookupFailingOnceIsAskedAgain() async throws {
        let fixture = try StoreFixture()
        let crashed = await send(
            [action(.create, "fay"), action(.create, "gus")], .unknownAfterApplying, fixture: fixture)
        var script = FakeConnector.Script()
        script.lookupError = ConnectorError(code: .transport, target: "fake", operation: "lookup of fay", message: "HTTP 503")
        script.lookupErrorFor = ["fay"]
        script.lookupErrorTimes = 1
        let connector = reconnect(to: crashed, script: script)
        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: connector)
        #expect(resolution.counts == PendingResolution(found: 2))
        #expect(connector.snapshot.calls.filter { $0.hasPrefix("lookup(") } == ["lookup(fay)", "lookup(gus)", "lookup(fay)"])
        #expect(try await fixture.store.pendingRecords(target: "fake").isEmpty)
    }

    @Test("the second pass asks every failed lookup again, however many failed in a row before it")
    func theSecondPassStartsAfresh() async throws {
        let fixture = try StoreFixture()
        let crashed = await send(
            [action(.create, "fay"), action(.create, "gus"), action(.create, "hal")], .unknownAfterApplying, fixture: fixture)
        var script = FakeConnector.Script()
        script.lookupError = ConnectorError(code: .transport, target: "fake", operation: "lookup", message: "HTTP 503")
        script.lookupErrorFor = ["gus", "hal"]
        script.lookupErrorTimes = 2
        let connector = reconnect(to: crashed, script: script)
        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: connector)
        #expect(resolution.counts == PendingResolution(found: 1, unresolved: 2))
        #expect(connector.snapshot.calls.filter { $0.hasPrefix("lookup(") }
            == ["lookup(fay)", "lookup(gus)", "lookup(hal)", "lookup(gus)", "lookup(hal)"])
    }

    @Test("more pending records than one chunk: every one resolved, each chunk recorded, a failed lookup held in its own chunk")
    func resolvesChunkByChunk() async throws {
        let fixture = try StoreFixture()
        let count = PendingResolver.chunkSize + 300
        let crashed = await send(creates(count), .unknownAfterApplying, fixture: fixture)
        #expect(try await fixture.store.pendingRecords(target: "fake").count == count)
        let late = creates(count)[PendingResolver.chunkSize + 10].anchor
        var script = FakeConnector.Script()
        script.lookupError = ConnectorError(code: .transport, target: "fake", operation: "lookup", message: "HTTP 503")
        script.lookupErrorFor = [late.value]
        let connector = reconnect(to: crashed, script: script)

        let resolution = try await PendingResolver(store: fixture.store, logger: quietLogger).resolve(through: connector)
        #expect(resolution.counts == PendingResolution(found: count - 1, unresolved: 1))
        #expect(resolution.held.map(\.anchor) == [late])
        #expect(resolution.next.count == count - 1)
        #expect(Set(resolution.next.map(\.kind)) == [.update])
        #expect(try await fixture.store.pendingRecords(target: "fake").map(\.record.anchor) == [late])
        #expect(connector.snapshot.creates.values.allSatisfy { $0 == 1 })
    }

    @Test("a resend reuses the create this run planned when it carries the payload that was in flight, nothing sealed")
    func resendReusesThePlannedCreate() async throws {
        let fixture = try StoreFixture()
        _ = await send([action(.create, "ivy")], .unknownAfterApplying, fixture: fixture)
        let pending = try #require(try await fixture.store.pendingRecords(target: "fake").first)
        let next = PendingResolver.resolve(pending, with: .found(vendorId: "V-ivy")).next
        let resend = try #require(next)
        let planned = action(.create, "ivy")

        let reused = PendingResolver.reusing(planned, for: resend, sentAs: pending)
        #expect(reused.kind == .update && reused.vendorId == "V-ivy" && reused.dn == resend.dn)
        #expect(reused.payload == planned.payload && reused.payloadHash == planned.payloadHash)
        // The planned action itself (its field changes tell it from the resend built from the store).
        #expect(reused.changes == planned.changes && resend.changes != planned.changes)

        // Planned with other fields than were sent, or sent with a sealed secret: the resend stands.
        let changed = action(.create, "ivy", department: "Sales")
        #expect(PendingResolver.reusing(changed, for: resend, sentAs: pending) == resend)
        var sealed = pending
        sealed.inFlightPayload = pending.inFlightPayload.sealing(["mail"])
        #expect(PendingResolver.reusing(planned, for: resend, sentAs: sealed) == resend)
        #expect(PendingResolver.reusing(nil, for: resend, sentAs: pending) == resend)
    }

    @Test("an account found for one user that another user's record holds is never adopted")
    func foundAccountOwnedByAnotherUser() async throws {
        let fixture = try StoreFixture()
        let amy = await send([action(.create, "amy")], .apply, fixture: fixture)
        let amyId = try #require(try await fixture.record("amy")?.vendorId)
        // bob's create was lost; his lookup (by the fake's key) finds amy's account.
        _ = await send([action(.create, "bob")], .unknownNotApplied, fixture: fixture, vendor: amy)
        let pending = try #require(try await fixture.store.pendingRecords(target: "fake").first)
        let resolved = PendingResolver.resolve(
            pending, with: .found(vendorId: amyId), holders: [amyId: VendorIdHolder(anchor: Anchor("amy"), dn: dn("amy"))])
        #expect(resolved.next == nil)
        #expect(resolved.rejection?.message.contains(dn("amy")) == true)
        #expect(resolved.outcomes.count == 1)
        if case .succeeded? = resolved.outcomes.first?.status { Issue.record("bob must not get amy's account") }
    }

    @Test("a found update whose vendor id changed stores the new id and keeps the applied payload")
    func updateFoundWithNewId() throws {
        let applied = payload("hal")
        let record = SnapshotRecord(
            target: "fake", anchor: Anchor("hal"), dn: dn("hal"), vendorId: "V-1", payloadHash: hash("hal"),
            payload: applied, state: .pending, lastAction: .update, createdAt: .now, updatedAt: .now)
        let pending = PendingRecord(
            record: record, action: .update, inFlightPayload: payload("hal", department: "Sales"),
            inFlightPayloadHash: hash("hal", department: "Sales"))
        let outcomes = PendingResolver.resolve(pending, with: .found(vendorId: "V-7")).outcomes
        #expect(outcomes.count == 2)
        #expect(outcomes.first?.status == .succeeded(vendorId: .set("V-7"), payload: applied, payloadHash: hash("hal")))
        #expect(outcomes.last?.action == .update)
        if case .failed(let error)? = outcomes.last?.status {
            #expect(error.contains("V-7"))
        } else {
            Issue.record("expected the update to be recorded failed, for a re-send")
        }
        #expect(PendingResolver.resolve(pending, with: .found(vendorId: "V-1")).outcomes.count == 1)
    }
}
