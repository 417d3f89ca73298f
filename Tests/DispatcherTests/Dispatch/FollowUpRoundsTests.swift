import Connectors
import DirBridgeCore
import Dispatcher
import SnapshotStore
import Synchronization
import TestSupport
import Testing

/// Open outcomes are settled within the run: looked up, adopted when unowned, resent when proven
/// absent; a target the vendor refuses stops with one error.
@Suite("Follow-up rounds")
struct FollowUpRoundsTests {
    private static let fast = DispatchOptions(followUpRounds: 3, followUpDelay: .milliseconds(1))

    /// Decides `first` for each user's first request and `.apply` afterwards.
    private static func firstThenApply(_ first: FakeConnector.Decision, for users: Set<String>) -> FakeConnector.Script {
        let seen = Mutex(Set<String>())
        var script = FakeConnector.Script()
        script.decide = { action in
            let isFirst = seen.withLock { $0.insert(action.anchor.value).inserted }
            return isFirst && users.contains(action.anchor.value) ? first : .apply
        }
        return script
    }

    @Test("a create applied whose answer was lost is found and confirmed in the same run, never created twice")
    func unknownCreateSettledInRun() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(script: Self.firstThenApply(.unknownAfterApplying, for: ["alice"]))
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "alice"), action(.create, "bob")]), through: connector, options: Self.fast)

        #expect(report.isComplete, "\(report.unknown) \(report.failed)")
        #expect(report.succeeded == [.create: 2])
        #expect(connector.snapshot.creates["alice"] == 1)
        #expect(connector.snapshot.calls.contains("lookup(alice)"))
        let alice = try #require(try await fixture.record("alice"))
        #expect(alice.state == .active)
        #expect(alice.vendorId == connector.snapshot.users["alice"]?.id)
    }

    @Test("a create that never arrived is proven absent by lookup and sent again in the same run")
    func unknownCreateResentInRun() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(script: Self.firstThenApply(.unknownNotApplied, for: ["carol"]))
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "carol")]), through: connector, options: Self.fast)
        #expect(report.isComplete)
        #expect(connector.snapshot.creates["carol"] == 1)
        #expect(try await fixture.record("carol")?.state == .active)
    }

    @Test("an existing account nobody owns is adopted: updated under its id, not created")
    func existingUnownedAccountAdopted() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(script: Self.firstThenApply(.exists, for: ["dora"]))
        connector.state.withLock {
            $0.users["dora"] = FakeConnector.VendorUser(id: "V-77", payload: payload("dora", department: "Old"), enabled: true)
        }
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "dora")]), through: connector, options: Self.fast)
        #expect(report.isComplete)
        #expect(report.succeeded == [.adopt: 1])
        #expect(connector.snapshot.creates["dora"] == nil)
        #expect(connector.snapshot.users["dora"]?.payload == payload("dora"))
        let dora = try #require(try await fixture.record("dora"))
        #expect(dora.vendorId == "V-77")
        #expect(dora.state == .active)
    }

    @Test("with adopt: never an existing account is not taken over: the user is rejected, nothing written to it")
    func adoptNeverRejects() async throws {
        let fixture = try StoreFixture()
        let connector = FakeConnector(script: Self.firstThenApply(.exists, for: ["gail"]))
        connector.state.withLock {
            $0.users["gail"] = FakeConnector.VendorUser(id: "V-5", payload: payload("gail", department: "Old"), enabled: true)
        }
        var options = Self.fast
        options.adoption = .never
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "gail")]), through: connector, options: options)
        #expect(report.rejected.map(\.anchor) == [Anchor("gail")])
        #expect(report.rejected.first?.message.contains("adopt is 'never'") == true)
        #expect(connector.snapshot.users["gail"]?.payload == payload("gail", department: "Old"))
        #expect(try await fixture.record("gail")?.vendorId == nil)
        #expect(try await fixture.store.pendingRecords(target: "fake").isEmpty)
    }

    @Test("an existing account another user owns is never adopted: the user is rejected, naming the owner")
    func existingOwnedAccountRejected() async throws {
        let fixture = try StoreFixture()
        let first = FakeConnector()
        _ = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([action(.create, "emma")]), through: first, options: Self.fast)
        let emmaId = try #require(try await fixture.record("emma")?.vendorId)

        // finn maps to emma's key (a shared mail): the vendor answers with emma's account.
        var script = FakeConnector.Script()
        script.decide = { _ in .exists }
        let connector = FakeConnector(script: script)
        connector.state.withLock { $0.users = first.snapshot.users }
        var finn = action(.create, "finn")
        finn.payload = payload("emma")
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan([finn]), through: connector, options: Self.fast)

        #expect(report.rejected.map(\.anchor) == [Anchor("finn")])
        #expect(report.rejected.first?.message.contains(dn("emma")) == true)
        #expect(try await fixture.record("finn")?.vendorId == nil)
        #expect(try await fixture.record("emma")?.vendorId == emmaId)
        #expect(connector.snapshot.batchSizes == [1], "nothing may be written to emma's account for finn")
    }

    @Test("a target the vendor refuses stops with one error; nothing more is sent there")
    func targetRefusalStopsTarget() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.decide = { _ in .refuseTarget }
        let connector = FakeConnector(maxBatchSize: 2, script: script)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger)
            .dispatch(plan(creates(10)), through: connector, options: DispatchOptions(concurrency: 1, followUpRounds: 3))
        #expect(report.error?.code == .targetRefused)
        #expect(report.error?.message.contains("auth source") == true)
        #expect(connector.snapshot.batchSizes == [2])
        #expect(report.notSent == 8)
        #expect(report.rejected.isEmpty)
    }

    @Test("follow-ups stop after four rounds that apply nothing: a vendor that is down is not hammered")
    func noProgressStops() async throws {
        let fixture = try StoreFixture()
        var script = FakeConnector.Script()
        script.decide = { _ in .fail("HTTP 503 after 4 attempts") }
        let connector = FakeConnector(script: script)
        let report = await Dispatcher(store: fixture.store, logger: quietLogger).dispatch(
            plan(creates(3)), through: connector, options: DispatchOptions(followUpRounds: 10, followUpDelay: .milliseconds(1)))
        #expect(connector.snapshot.batchSizes == [3, 3, 3, 3, 3], "the first send and four idle rounds, not ten")
        #expect(report.failed.count == 3)
    }
}
