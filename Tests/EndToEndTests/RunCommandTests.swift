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
        kill(daemon.process.processIdentifier, SIGTERM)
        let stopDeadline = ContinuousClock.now + .seconds(30)
        while daemon.process.isRunning, ContinuousClock.now < stopDeadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!daemon.process.isRunning, "SIGTERM must stop the daemon")
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
