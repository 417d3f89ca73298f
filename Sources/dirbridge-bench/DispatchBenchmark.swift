import ArgumentParser
import Connectors
import DirBridgeCore
import Dispatcher
import Foundation
import Logging
import SnapshotStore

/// The dispatcher's own cost at scale: a connector that answers instantly and a real SQLite store
/// (synchronous=FULL; pending marks and outcomes are written a chunk of batches at a time).
struct DispatchBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch", abstract: "Time the dispatcher and the store on instantly answered batches.")

    @Option(help: "Users to create, then update.") var users = 100_000
    @Option(help: "Actions per batch.") var batchSize = 100
    @Option(help: "Batches in flight.") var concurrency = 4

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dispatch-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let quiet = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try SQLiteSnapshotStore(path: directory + "/snapshot.sqlite", logger: quiet)
        let dispatcher = Dispatcher(store: store, logger: quiet)
        let connector = InstantConnector(maxBatchSize: batchSize)
        let options = DispatchOptions(concurrency: concurrency)
        let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
        print("dirbridge-bench dispatch: \(users) users, batches of \(batchSize), concurrency \(concurrency); load average \(loadAverage) (2 cores)")

        for (label, kind, generation) in [("creates", ActionKind.create, 0), ("updates", .update, 1)] {
            let plan = TargetPlan(
                target: "bench", vendor: .requestor, actions: (0..<users).map { action(kind, $0, generation: generation) },
                rejected: [], blockedReason: nil)
            let clock = ContinuousClock()
            let start = clock.now
            let cpuStart = cpuSeconds()
            let report = await dispatcher.dispatch(plan, through: connector, options: options)
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            guard report.isComplete, report.succeededCount == users else {
                print("\(label): incomplete: \(report.error.map(String.init(describing:)) ?? "\(report.succeededCount) applied")")
                throw ExitCode(1)
            }
            let batches = (users + batchSize - 1) / batchSize
            print(String(
                format: "%@: wall %.3f s, cpu %.3f s, %d users/s, %.2f ms per batch", label, seconds,
                cpuSeconds() - cpuStart, Int(Double(users) / seconds), seconds * 1000 / Double(batches)))
        }
    }
}

/// Applies everything at once; the id is derived from the anchor.
private struct InstantConnector: ImportConnector {
    let target = "bench"
    let vendor = VendorKind.requestor
    let maxBatchSize: Int
    let deprovision = DeprovisionPolicy.disable
    let matchField: String? = nil
    var statistics: ConnectorStatistics { ConnectorStatistics() }

    func open() async throws(ConnectorError) {}
    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        batch.map { ActionOutcome(anchor: $0.anchor, result: .applied(vendorId: $0.kind == .create ? "V-\($0.anchor)" : nil)) }
    }
    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult { .unsupported }
    func checkAccess() async throws(ConnectorError) -> AccessCheck { .verified }
    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? { nil }
    func close() async {}
}

private func action(_ kind: ActionKind, _ index: Int, generation: Int) -> SyncAction {
    let payload = TargetPayload([
        "userName": .string("user\(index)"), "mail": .string("user\(index)@example.org"),
        "department": .string("Dept \(index % 40) g\(generation)"), "active": .bool(true),
    ])
    return SyncAction(
        kind: kind, anchor: Anchor(String(format: "%08x-0000-4000-8000-%012x", index, index)),
        dn: "uid=user\(index),ou=people,dc=example,dc=org", vendorId: nil, payload: payload,
        payloadHash: "hash-\(index)-\(generation)", changes: [])
}

private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
