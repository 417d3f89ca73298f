import ArgumentParser
import DirBridgeCore
import Foundation
import Logging
import SnapshotStore

/// The snapshot store at scale on a real file. Figures are wall-clock times of single calls,
/// each a full transaction or read.
struct StoreBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Time the SQLite snapshot store's transactions and reads at scale.")

    @Option(help: "Users in the store.") var users = 100_000

    func run() async throws {
        let target = "bench-target"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("snapshot.sqlite").path

        let store = try SQLiteSnapshotStore(path: path, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let creates = (0..<users).map { syncAction(.create, $0, generation: 0) }
        let updates = (0..<users).map { syncAction(.update, $0, generation: 1) }
        print("dirbridge-bench store: \(users) users, store \(path)")
        let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
        print("load average before: \(loadAverage) (2 cores; figures above 2 mean shared CPU)")

        try await measure("markPending (creates), one transaction", count: users) {
            try await store.markPending(target: target, actions: creates)
        }
        let createdOutcomes = creates.map { SnapshotOutcome.succeeded($0, vendorId: .set("V\($0.anchor)")) }
        try await measure("record succeeded (pending creates), one transaction", count: users) {
            try await store.record(createdOutcomes, target: target)
        }
        let updatedOutcomes = updates.map { SnapshotOutcome.succeeded($0, vendorId: .keep) }
        try await measure("record succeeded (updates), one transaction", count: users) {
            try await store.record(updatedOutcomes, target: target)
        }
        let records = try await measure("records(target:) hash-only fetch", count: users) {
            try await store.records(target: target)
        }
        precondition(records.count == users && records.allSatisfy { $0.payload == nil })
        let pending = try await measure("pendingRecords(target:) with none pending", count: users) {
            try await store.pendingRecords(target: target)
        }
        precondition(pending.isEmpty)
        let changed = records.prefix(max(1, users / 100)).map(\.anchor)
        let payloads = try await measure("payloads(target:anchors:) for 1% of users", count: changed.count) {
            try await store.payloads(target: target, anchors: changed)
        }
        precondition(payloads.count == changed.count)
        let allPayloads = try await measure("payloads(target:anchors:) for all users", count: users) {
            try await store.payloads(target: target, anchors: records.map(\.anchor))
        }
        precondition(allPayloads.count == users)
        try await measure("100 single-outcome transactions", count: 100) {
            for action in updates.prefix(100) {
                try await store.recordSuccess(target: target, action: action, vendorId: .keep)
            }
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("store file size: \(size / 1_048_576) MiB")
    }
}

private func syncAction(_ kind: ActionKind, _ index: Int, generation: Int) -> SyncAction {
    let payload = TargetPayload([
        "username": .string("user\(index)"),
        "email": .string("user\(index)@example.org"),
        "firstName": .string("First\(index)"),
        "lastName": .string("Last\(index)"),
        "department": .string("Department \(index % 50)"),
        "title": .string("Title \(generation)"),
        "roles": .list([.string("employee"), .string("group-\(index % 20)")]),
        "active": .bool(true),
    ])
    return SyncAction(
        kind: kind, anchor: Anchor(String(format: "%08d-0000-4000-8000-000000000000", index)),
        dn: "uid=user\(index),ou=people,dc=example,dc=org", vendorId: nil, payload: payload,
        payloadHash: "hash-\(index)-\(generation)", changes: [])
}

/// CPU seconds used by the whole process (all threads): on a shared 2-core box, wall time
/// also counts other processes' load; CPU time shows the work this code did.
private func processCPUSeconds() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return (
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
        Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    )
}

private func measure<T>(_ label: String, count: Int, _ body: () async throws -> T) async rethrows -> T {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = processCPUSeconds()
    let result = try await body()
    let elapsed = clock.now - start
    let cpuEnd = processCPUSeconds()
    let (user, system) = (cpuEnd.user - cpuStart.user, cpuEnd.system - cpuStart.system)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perSecond = seconds > 0 ? Int(Double(count) / seconds) : 0
    print(
        label.padding(toLength: 52, withPad: " ", startingAt: 0)
            + String(
                format: " wall %6.3f s  cpu %6.3f s (user %5.3f, sys %5.3f)  %7d/s", seconds, user + system, user, system,
                perSecond))
    return result
}
