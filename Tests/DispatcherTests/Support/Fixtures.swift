import TestSupport
import Connectors
import DirBridgeCore
import Dispatcher
import Foundation
import Logging
import SnapshotStore
import Synchronization

/// A real SQLite store in a fresh temporary directory, removed with the fixture.
final class StoreFixture: Sendable {
    let directory: String
    let store: SQLiteSnapshotStore

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dirbridge-dispatcher-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteSnapshotStore(path: directory + "/snapshot.sqlite", logger: quietLogger)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func record(_ anchor: String, target: String = "fake") async throws -> SnapshotRecord? {
        try await store.records(target: target).first { $0.anchor == Anchor(anchor) }
    }
}

let quietLogger = Logger(label: "test.dispatcher", factory: { _ in SwiftLogNoOpLogHandler() })

func dn(_ anchor: String) -> String { "uid=\(anchor),ou=people,dc=example,dc=org" }

func payload(_ anchor: String, department: String = "Engineering") -> TargetPayload {
    TargetPayload(["userName": .string(anchor), "mail": .string("\(anchor)@example.org"), "department": .string(department)])
}

/// A stand-in hash: unique per (anchor, department), which is all the store compares.
func hash(_ anchor: String, department: String = "Engineering") -> String { "h-\(anchor)-\(department)" }

func action(
    _ kind: ActionKind, _ anchor: String, department: String = "Engineering", vendorId: String? = nil
) -> SyncAction {
    SyncAction(
        kind: kind, anchor: Anchor(anchor), dn: dn(anchor), vendorId: vendorId,
        payload: payload(anchor, department: department), payloadHash: hash(anchor, department: department),
        changes: [])
}

func plan(
    _ actions: [SyncAction], target: String = "fake", rejected: [Rejection] = [], blockedReason: String? = nil
) -> TargetPlan {
    TargetPlan(target: target, vendor: .requestor, actions: actions, rejected: rejected, blockedReason: blockedReason)
}

func creates(_ count: Int, prefix: String = "u") -> [SyncAction] {
    (0..<count).map { action(.create, "\(prefix)\(String(format: "%03d", $0))") }
}

/// Collects what the dispatcher reports as durable.
final class RecordingObserver: DispatchObserver {
    let seen = Mutex<[DispatchResult]>([])
    let announced = Mutex<[Int]>([])

    func willSend(target: String, actions: Int) {
        announced.withLock { $0.append(actions) }
    }

    func didRecord(target: String, action: ActionKind, result: DispatchResult) {
        seen.withLock { $0.append(result) }
    }
}

/// Lets a test hold batches inside `apply` until it opens the gate.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}

/// Polls `condition` up to ~10 s (a loaded 2-core machine), for state reached by another task.
func eventually(_ condition: @Sendable () -> Bool) async -> Bool {
    for _ in 0..<1000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// One target's turn as a sync session drives it: settle pending records, plan (now, from the
/// store as it then stands), send.
struct TestTurn: Sendable {
    var connector: FakeConnector
    var options = DispatchOptions()
    var plan: @Sendable () async throws -> TargetPlan
}

extension Dispatcher {
    func turn(_ turn: TestTurn) async -> TargetDispatchReport {
        await withTarget(turn.connector) { (report: inout TargetDispatchReport) async throws(DispatchError) in
            try await resolvePending(through: turn.connector, options: turn.options, into: &report)
            let plan: TargetPlan
            do {
                plan = try await turn.plan()
            } catch {
                throw DispatchError(code: .planFailed, target: turn.connector.target, message: "planning failed: \(error)")
            }
            try await send(plan, through: turn.connector, options: turn.options, into: &report)
        }
    }
}

extension SyncRun {
    func dispatchTargets(command: String, turns: [TestTurn]) async -> SyncReport {
        await dispatchTargets(command: command, targets: turns) { turn, dispatcher in await dispatcher.turn(turn) }
    }
}
