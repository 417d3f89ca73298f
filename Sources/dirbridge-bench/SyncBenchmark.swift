import ArgumentParser
import DirectoryReader
import Foundation
import LocalServers

/// The whole product at scale: a private slapd with N users, the vendor simulator (optionally
/// slowed to a real vendor's latency) and the `dirbridge` binary as a child process, timed step
/// by step with the child's peak RSS and the requests each vendor received.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "First sync, no-change and 1 % change syncs (delta and full reads) through the real binaries; read vs ldapsearch."
    )

    @Option(help: "Users in the generated directory.") var users = 10_000
    @Option(help: "Latency the simulator adds to every vendor request, in milliseconds.") var latencyMs = 0
    @Flag(help: "Also measure a first sync from a new store against vendors that already hold everyone (a lost store, a migration): the creates answered 'exists' and the accounts adopted.")
    var adoption = false
    @Flag(help: "Keep slapd and the simulator running after the measurements, until standard input closes (to profile one step by hand).")
    var hold = false
    @Option(help: "Alternated runs of `read --format jsonl` and ldapsearch; the row gives the medians.")
    var readRounds = 5

    func run() async throws {
        let speedBefore = MachineSpeed.measure()
        let organisation = DemoOrganisation(userCount: users)
        let clock = ContinuousClock.now
        try await DemoEnvironment.with(
            organisation: organisation, simulatorArguments: ["--latency-ms", "\(latencyMs)"], directoryTLS: false
        ) { environment in
            print("slapd with \(users) users and the simulator started in \(format(ContinuousClock.now - clock))")
            try await measure(environment)
        }
        // Outside the environment: slapd and the simulator are stopped, as they were before.
        print("machine speed: a fixed workload took \(format(speedBefore)) before the measurements and"
            + " \(format(MachineSpeed.measure())) after (lower is faster; compare runs taken at similar figures)")
    }

    private var dirbridge: String { DemoEnvironment.dirbridgeExecutable }

    private func measure(_ environment: DemoEnvironment) async throws {
        let config = try environment.writeConfiguration(
            mappingsDirectory: DemoEnvironment.shippedMappings,
            pageSize: 1_000)  // as ldapsearch -E pr=1000 below: the same round trips
        var rows: [String] = []
        let stepLog = environment.directory.appendingPathComponent("step.log").path
        func step(_ name: String, _ arguments: [String]) async throws {
            let before = try await requestCounts(environment)
            let (simulatorBefore, slapdBefore) = (ProcessCPUTime.of(environment.simulator.pid), ProcessCPUTime.of(environment.slapd.pid))
            let logStart = (try? FileManager.default.attributesOfItem(atPath: stepLog)[.size] as? Int) ?? 0
            let start = ContinuousClock.now
            let (exit, peak) = try await Self.run(dirbridge, arguments, output: stepLog)
            let wall = ContinuousClock.now - start
            let (simulatorCPU, slapdCPU) = (
                ProcessCPUTime.of(environment.simulator.pid) - simulatorBefore, ProcessCPUTime.of(environment.slapd.pid) - slapdBefore
            )
            // The three share this machine's cores: a step bound by CPU takes at least their sum
            // over the cores, and dirbridge's own share tells what a vendor on other hosts leaves.
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let cpu = "CPU dirbridge \(format(exit.cpuTime)), simulator \(format(simulatorCPU)), slapd \(format(slapdCPU)) "
                + "(over \(cores) cores: \(format((exit.cpuTime + simulatorCPU + slapdCPU) / cores)) for the three, "
                + "\(format(exit.cpuTime / cores)) for dirbridge alone)"
            let after = try await requestCounts(environment)
            let requests = after.map { vendor, count in "\(vendor) \(count - (before[vendor] ?? 0))" }.sorted().joined(separator: ", ")
            var row = "\(name): \(format(wall)), peak RSS \(mib(peak)), exit \(exit.status); \(cpu); requests: \(requests)"
            let log = FileHandle(forReadingAtPath: stepLog).flatMap { file in
                try? file.seek(toOffset: UInt64(logStart))
                return try? file.readToEnd()
            }
            let durations = Self.targetDurations(in: String(decoding: log ?? Data(), as: UTF8.self))
            if !durations.isEmpty { row += "; targets dispatched in " + durations }
            rows.append(row)
            print(row)
        }
        try await step("first sync (\(users) users × 5 targets)", ["sync", "--config", config, "--quiet"])
        try await step("no-change sync (full read)", ["sync", "--config", config, "--quiet", "--full-read"])
        try await step("no-change sync (delta read)", ["sync", "--config", config, "--quiet"])
        let organisation = environment.organisation
        func changeOnePercent(_ remainder: Int) async throws -> Int {
            let changed = organisation.people.filter { $0.index % 100 == remainder && !$0.disabled }
            try await environment.slapd.modify(
                ldif: changed.map { organisation.titleChange($0, to: "Changed \($0.index)") }.joined(separator: "\n"))
            return changed.count
        }
        let deltaChanges = try await changeOnePercent(7)
        try await step("1 % changed (\(deltaChanges) titles), delta read", ["sync", "--config", config, "--quiet"])
        let fullChanges = try await changeOnePercent(8)
        try await step("1 % changed (\(fullChanges) titles), full read", ["sync", "--config", config, "--quiet", "--full-read"])

        // One run of each swings by ±20 % on a shared machine: alternate them, and compare
        // each read with the ldapsearch right after it. What the read prints, users with their
        // groups, ldapsearch reads in two searches here (this directory has no memberof overlay:
        // a user's memberOf is empty): the users, then the groups' members.
        let devNull = "/dev/null"
        func ldapsearch(_ base: String, _ filter: String, _ attributes: [String]) throws -> Duration {
            let start = ContinuousClock.now
            _ = try ChildProcess.spawn("/usr/bin/ldapsearch", [
                "-x", "-LLL", "-H", environment.slapd.url, "-D", environment.slapd.configuration.readerDN,
                "-y", environment.directory.appendingPathComponent("secrets/ldap-password").path,
                "-b", base, "-E", "pr=1000/noprompt", filter,
            ] + attributes, outputFile: devNull).wait()
            return ContinuousClock.now - start
        }
        var readTimes: [Duration] = []
        var userSearchTimes: [Duration] = []
        var groupSearchTimes: [Duration] = []
        var readPeak = 0
        for _ in 0..<max(1, readRounds) {
            let readStart = ContinuousClock.now
            let (_, peak) = try await Self.run(dirbridge, ["read", "--config", config, "--format", "jsonl", "--quiet"], output: devNull)
            readTimes.append(ContinuousClock.now - readStart)
            readPeak = max(readPeak, peak)
            userSearchTimes.append(try ldapsearch(organisation.peopleDN, "(objectClass=inetOrgPerson)", ["*", "memberOf"]))
            groupSearchTimes.append(try ldapsearch(
                organisation.groupsDN, DirectoryDialect.openLDAP.defaultGroupFilter, ["member", "uniqueMember", "memberUid"]))
        }
        let ratios = zip(readTimes, zip(userSearchTimes, groupSearchTimes)).map { $0 / ($1.0 + $1.1) }
        let usersOnly = zip(readTimes, userSearchTimes).map { $0 / $1 }
        rows.append("read --format jsonl \(format(median(readTimes))) (peak RSS \(mib(readPeak))) vs ldapsearch -E pr=1000 of the users "
            + "\(format(median(userSearchTimes))) and the groups' members \(format(median(groupSearchTimes))): "
            + String(format: "%.2f×", median(ratios)) + " (median of \(ratios.count) alternated runs: "
            + ratios.map { String(format: "%.2f", $0) }.joined(separator: ", ")
            + String(format: "; against the users' search alone %.2f×)", median(usersOnly)))
        print(rows.last!)
        if adoption {
            let newStore = try environment.writeConfiguration(
                mappingsDirectory: DemoEnvironment.shippedMappings, pageSize: 1_000,
                store: ["path: \(environment.directory.appendingPathComponent("adoption.sqlite").path)"])
            try await step("first sync, new store, vendors holding everyone (adoptions)", ["sync", "--config", newStore, "--quiet"])
        }
        print("\nlatency \(latencyMs) ms; \(ProcessInfo.processInfo.activeProcessorCount) CPUs")
        if hold {
            print("holding the environment; configuration: \(config); close standard input to stop")
            while readLine() != nil {}
        }
    }

    /// Runs a child to its end and returns its own peak RSS: read from /proc while it runs, since
    /// wait4's figure also counts this process's memory at spawn time (posix_spawn shares it).
    private static func run(_ executable: String, _ arguments: [String], output: String) async throws -> (ChildProcess.Exit, Int) {
        let child = try ChildProcess.spawn(executable, arguments, outputFile: output)
        var peak = 0
        while child.isRunning {
            if let status = try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8),
               let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
                peak = max(peak, kilobytes * 1024)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return (child.wait(), peak)
    }

    /// "sertica 12.3 s, aria-operations 4.0 s" from a run's `Target dispatched` log lines
    /// (`INFO [sertica] Target dispatched duration="12.3 seconds" …`): where a sync's time went.
    private static func targetDurations(in log: String) -> String {
        log.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("Target dispatched"), let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"),
                  let value = line.range(of: "duration=\"")?.upperBound,
                  let seconds = Double(line[value...].prefix { $0 != " " && $0 != "\"" })
            else { return nil }
            return "\(line[line.index(after: open)..<close]) " + String(format: "%.1f s", seconds)
        }.joined(separator: ", ")
    }

    private func median<Value: Comparable>(_ values: [Value]) -> Value {
        values.sorted()[values.count / 2]
    }

    private func requestCounts(_ environment: DemoEnvironment) async throws -> [String: Int] {
        var perVendor: [String: Int] = [:]
        for (route, count) in try await environment.simulatorCounters().requests {
            let vendor = route.split(separator: " ").last?.split(separator: "/").first.map(String.init) ?? "?"
            perVendor[vendor, default: 0] += count
        }
        return perVendor
    }
}
