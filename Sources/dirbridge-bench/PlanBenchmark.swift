import DirBridgeSync
import ArgumentParser
import DirBridgeCore
import Foundation
import LocalServers
import Logging
import Reports
import SnapshotStore

/// Times what a run does between the directory read and sending: per target, map + validate +
/// hash every user, load the snapshot's hashes, diff, load the stored payloads of the changed
/// users, plan (the calls `PlanBuilder` makes); then render the plan in every report format. The snapshot lives in a
/// real SQLite file written once before the timed part.
struct PlanBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Time snapshot load, mapping, diff and reports for generated users × five targets; report peak RSS."
    )

    @Option(help: "Directory users to generate.") var users = 100_000
    @Option(help: "Share of users that differ from the snapshot, in percent.") var changedPercent = 1.0
    @Option(help: "Timed runs; every run is printed, the best total is reported.") var runs = 3
    @Flag(help: "Plan against an empty snapshot, as a first sync does: every user is a create.")
    var firstSync = false

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-plan-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let workload = PlanWorkload(userCount: users, changedPercent: changedPercent)
        var clock = ContinuousClock.now
        let directory = workload.currentUsers()
        print("generated \(directory.count) users (\(PlanWorkload.groupCount) groups): \(format(ContinuousClock.now - clock)), RSS now \(mib(currentResidentBytes()))")

        let storePath = scratch.appendingPathComponent("snapshot.sqlite").path
        clock = ContinuousClock.now
        // Written by a child process: the writer's page cache and the setup's allocations would
        // otherwise count in this process's peak RSS, which a real `plan` run never has.
        let ownExecutable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let setup = try ChildProcess.spawn(ownExecutable, [
            "plan-snapshot-child", storePath, "--users", "\(firstSync ? 0 : users)", "--changed-percent", "\(changedPercent)",
        ]).wait()
        guard setup.status == 0 else { throw ValidationError("writing the snapshot failed with status \(setup.status)") }
        print("snapshot written by a child process (untimed): \(format(ContinuousClock.now - clock))")
        let store = try SQLiteSnapshotStore(path: storePath, logger: Logger(label: "bench.plan", factory: { _ in SwiftLogNoOpLogHandler() }))

        var best: Duration?
        for run in 1...runs {
            let figures = try await timedPlan(directory, store: store)
            print("run \(run): \(figures.summary)\n  RSS now \(mib(currentResidentBytes())), peak \(mib(peakResidentBytes()))")
            best = min(best ?? figures.total, figures.total)
        }
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        let peak = peakResidentBytes()
        print("""

        machine:              \(ProcessInfo.processInfo.activeProcessorCount) CPUs, load average \(load)
        best total (of \(runs)):    \(format(best!)) (target < 2 s: \(best! < .seconds(2) ? "met" : "NOT met"))
        peak RSS:             \(mib(peak)) (target < 400 MB: \(peak < 400_000_000 ? "met" : "NOT met"))
        """)
    }

    /// One timed pass: the five targets through `SnapshotPlanner`, as `plan` and `sync` run
    /// them (all mapped concurrently, compared with the snapshot one at a time), then the four
    /// reports concurrently.
    private func timedPlan(_ directory: [DirectoryUser], store: SQLiteSnapshotStore) async throws -> RunFigures {
        let start = ContinuousClock.now
        let cpuStart = processCPUTime()
        let planner = SnapshotPlanner(store: store, users: directory, parallelism: ProcessInfo.processInfo.activeProcessorCount)
        let results = try await withThrowingTaskGroup(of: (Int, TargetPlan, Duration).self) { group in
            for (index, target) in PlanWorkload.targets.enumerated() {
                group.addTask {
                    let begin = ContinuousClock.now
                    let plan = try await planner.plan(
                        target: target.name, vendor: target.mapping.vendor, mapping: target.mapping, policy: SyncPolicy())
                    return (index, plan, ContinuousClock.now - begin)
                }
            }
            var results: [(Int, TargetPlan, Duration)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        let planned = ContinuousClock.now
        let residentAfterPlanning = currentResidentBytes()
        let plan = SyncPlan(targets: results.map(\.1))
        let report = PlanReport(
            plan: plan, generatedAt: Date(timeIntervalSince1970: 1_800_000_000), sourceDescription: "plan benchmark",
            secretFields: Dictionary(uniqueKeysWithValues: PlanWorkload.targets.map { ($0.name, $0.schema.secretFields) })
        )
        let rendered = await withTaskGroup(of: (ReportFormat, Int, Duration).self) { group in
            for format in ReportFormat.allCases {
                group.addTask {
                    let begin = ContinuousClock.now
                    let text = format.renderer.render(report)
                    return (format, text.utf8.count, ContinuousClock.now - begin)
                }
            }
            var rendered: [(ReportFormat, Int, Duration)] = []
            for await result in group { rendered.append(result) }
            return rendered.sorted { $0.0.rawValue < $1.0.rawValue }
        }
        let end = ContinuousClock.now
        return RunFigures(
            targets: results.map { ($0.1, $0.2) }, reports: rendered, planning: planned - start, rendering: end - planned, residentAfterPlanning: residentAfterPlanning,
            total: end - start, cpu: processCPUTime() - cpuStart
        )
    }

    struct RunFigures {
        var targets: [(TargetPlan, Duration)]
        var reports: [(ReportFormat, Int, Duration)]
        var planning: Duration, rendering: Duration, residentAfterPlanning: Int, total: Duration, cpu: Duration

        var summary: String {
            var lines = ["total \(format(total)) wall, \(format(cpu)) CPU (targets \(format(planning)), reports \(format(rendering))); "
                + "RSS with the plan, before reports: \(mib(residentAfterPlanning))"]
            for (plan, elapsed) in targets {
                let counts = ActionKind.allCases.map { "\($0.rawValue) \(plan.count(of: $0))" }.joined(separator: ", ")
                lines.append("  \(plan.target.padding(toLength: 15, withPad: " ", startingAt: 0)) "
                    + "done after \(format(elapsed)); \(counts), rejected \(plan.rejected.count)"
                    + (plan.blockedReason.map { "; BLOCKED: \($0)" } ?? ""))
            }
            lines.append("  reports: " + reports.map { "\($0.0.rawValue) \(format($0.2)) (\($0.1 / 1024) KiB)" }.joined(separator: ", "))
            return lines.joined(separator: "\n")
        }
    }
}

/// Writes the plan benchmark's snapshot (what the last sync applied) into a new store, in
/// slices of 10,000 users in anchor order.
struct PlanSnapshotChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan-snapshot-child", shouldDisplay: false)

    @Argument var storePath: String
    @Option var users: Int
    @Option var changedPercent: Double

    func run() async throws {
        let workload = PlanWorkload(userCount: users, changedPercent: changedPercent)
        let store = try SQLiteSnapshotStore(path: storePath, logger: Logger(label: "bench.plan", factory: { _ in SwiftLogNoOpLogHandler() }))
        // In anchor order, as a first sync records its creates (the plan sorts them by anchor).
        let all = workload.previousUsers(0..<users).sorted { $0.anchor.value < $1.anchor.value }
        for slice in stride(from: 0, to: all.count, by: 10_000) {
            let previous = Array(all[slice..<min(all.count, slice + 10_000)])
            for target in PlanWorkload.targets {
                let prepared = Mapper(mapping: target.mapping).prepare(previous, schema: target.schema)
                let outcomes = (0..<prepared.count).map { index in
                    let user = prepared.user(at: index)
                    return SnapshotOutcome(
                        anchor: user.anchor, dn: user.dn, action: user.enabled ? .create : .disable,
                        status: .succeeded(vendorId: .set("V-\(user.anchor.value)"), payload: user.payload, payloadHash: prepared.payloadHashes[index]))
                }
                try await store.record(outcomes, target: target.name)
            }
        }
    }
}

func format(_ duration: Duration) -> String {
    let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    return String(format: "%.3f s", seconds)
}

/// CPU time of the whole process (user + system, all threads).
private func processCPUTime() -> Duration {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return .seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + .microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
}

private func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024 // kilobytes on Linux
}

private func currentResidentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func mib(_ bytes: Int) -> String {
    String(format: "%.1f MiB", Double(bytes) / 1_048_576)
}
