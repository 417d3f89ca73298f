import Foundation
import LocalServers
import Testing

/// `dirbridge run`: the daemon mode, as systemd or Kubernetes runs it.
@Suite(.timeLimit(.minutes(3)))
struct RunCommandTests {
    @Test(.demoEnvironment(users: 20))
    func runsSeveralCyclesAndStopsCleanlyOnSIGTERM() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        let metrics = environment.directory.appendingPathComponent("dirbridge.prom").path

        let daemon = try DirBridgeCommand.start([
            "run", "--config", config, "--every", "1s", "--log-format", "json", "--metrics-textfile", metrics,
        ])
        let deadline = ContinuousClock.now + .seconds(60)
        var finishedRuns = 0
        while finishedRuns < 2, ContinuousClock.now < deadline, daemon.process.isRunning {
            try await Task.sleep(for: .milliseconds(200))
            let log = (try? String(contentsOf: daemon.stderrFile, encoding: .utf8)) ?? ""
            finishedRuns = log.components(separatedBy: "\"message\":\"sync finished\"").count - 1
        }
        #expect(finishedRuns >= 2, "the daemon should have completed two cycles")
        #expect(await daemon.stop(), "SIGTERM must stop the daemon")
        let result = daemon.result()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("reader-secret") && !result.stderr.contains("aria-test-password"))

        let exposition = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(exposition.contains("dirbridge_runs_total{outcome=\"succeeded\"}"))
        #expect(exposition.contains("dirbridge_actions_total"))

        // Nothing left pending or unsent: a plan after the daemon stopped has nothing to do.
        let plan = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(plan.targets.count == 5)
        for target in plan.targets {
            #expect((target["actions"] as? [Any])?.isEmpty == true, "\(target["name"] ?? "?")")
        }
        let state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(state.users(of: "sertica").count == 19 && state.duplicateCreates == 0)
    }
}

extension RunCommandTests {
    /// Unattended, nobody runs `reconcile` by hand: `schedule.reconcile_every` makes the daemon's
    /// run a reconcile once that long has passed since the last one, so a leaver re-enabled in a
    /// vendor's UI is deprovisioned again; the runs in between stay plain syncs.
    @Test(.demoEnvironment(users: 10))
    func reconcileEveryMakesTheDaemonDeprovisionALeaverReenabledAtTheVendor() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations], safety: "max_disable_percent: 50")
        #expect(try await DirBridgeCommand.run(["reconcile", "--config", config]).status == 0)
        let leaver = organisation.people[6]
        try await environment.slapd.modify(ldif: organisation.disable(leaver))
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let id = try #require(try await SimulatorState.fetch(from: environment.simulator).users(of: "aria-operations")
            .first { $0["distinguishedName"] as? String == organisation.dn(of: leaver) }?["id"] as? String)
        #expect(try await VendorAdmin.aria(environment, "PUT", "/users", body: ["id": id, "enabled": true]).status == 200)

        // The reconcile above is recent: with a day between reconciles, the daemon only syncs.
        try (String(contentsOfFile: config, encoding: .utf8) + "schedule:\n  reconcile_every: 24h\n").write(toFile: config, atomically: true, encoding: .utf8)
        var log = try await runDaemon(config, untilRuns: 2)
        #expect(!log.contains("reconcile due"), "\(log.suffix(2000))")
        #expect(try await enabled(environment, id) == true, "a sync cannot see the drift")

        try (String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "reconcile_every: 24h", with: "reconcile_every: 1s"))
            .write(toFile: config, atomically: true, encoding: .utf8)
        log = try await runDaemon(config, untilRuns: 1)
        #expect(log.contains("reconcile due"), "\(log.suffix(2000))")
        #expect(log.contains("reconciled: 8 managed users checked, 0 missing at the vendor; 1 leavers checked, 1 still held"), "\(log.suffix(2000))")
        #expect(try await enabled(environment, id) == false, "the leaver is deprovisioned again")
        let history = try await DirBridgeCommand.run(["history", "--config", config, "--format", "json"])
        let runs = (try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["runs"] as? [[String: Any]] ?? []
        #expect(runs.filter { $0["command"] as? String == "reconcile" }.count == 2, "the manual reconcile and the daemon's: \(history.stdout)")
    }

    private func enabled(_ environment: DemoEnvironment, _ id: String) async throws -> Bool? {
        try await SimulatorState.fetch(from: environment.simulator).users(of: "aria-operations").first { $0["id"] as? String == id }?["enabled"] as? Bool
    }

    /// Runs the daemon every second until `runs` syncs finished, stops it, and returns its log.
    private func runDaemon(_ config: String, untilRuns runs: Int) async throws -> String {
        let daemon = try DirBridgeCommand.start(["run", "--config", config, "--every", "1s", "--log-format", "json"])
        let deadline = ContinuousClock.now + .seconds(60)
        var log = ""
        while log.components(separatedBy: "\"message\":\"sync finished\"").count - 1 < runs, ContinuousClock.now < deadline, daemon.process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
            log = (try? String(contentsOf: daemon.stderrFile, encoding: .utf8)) ?? ""
        }
        let stopped = await daemon.stop()
        let stderr = daemon.result().stderr
        #expect(stopped, "SIGTERM must stop the daemon: \(stderr.suffix(3000))")
        return stderr
    }
}
