import Foundation
import LocalServers
import Testing

/// A sync killed with SIGKILL in the middle of sending (the OOM killer, a node drained without
/// grace): the next run must start (the run lock dies with the process), resolve what was in
/// flight through the vendors' lookups, and finish with everyone exactly once.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct CrashRecoveryTests {
    @Test(.demoEnvironment(users: 300, simulator: ["--latency-ms", "40"]))
    func aSyncKilledMidFlightIsCompletedByTheNextRunWithoutDuplicates() async throws {
        // 40 ms per request and at most 4 in flight: single-user vendors need a few seconds, so the
        // kill lands mid-send.
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, extraTargetSettings: "max_concurrency: 4")

        let doomed = try DirBridgeCommand.start(["sync", "--config", config])
        let deadline = ContinuousClock.now + .seconds(60)
        var seen = 0
        while doomed.process.isRunning, ContinuousClock.now < deadline {
            seen = try await SimulatorState.fetch(from: environment.simulator).requestCount
            if seen >= 60 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(doomed.process.isRunning, "the sync finished before it could be killed: \(doomed.result().stdout)")
        #expect(kill(doomed.process.processIdentifier, SIGKILL) == 0)
        doomed.process.waitUntilExit()
        #expect(doomed.process.terminationReason == .uncaughtSignal && doomed.process.terminationStatus == SIGKILL)
        _ = doomed.result()

        // In-flight requests may still land after the kill (the server holds them for 40 ms).
        try await Task.sleep(for: .milliseconds(300))
        let afterKill = try await SimulatorState.fetch(from: environment.simulator)
        let enabled = organisation.userCount - 1
        #expect(SimulatorState.vendors.contains { afterKill.users(of: $0).count < enabled },
                "the kill came too late to interrupt anything: \(SimulatorState.vendors.map { afterKill.users(of: $0).count })")

        let rerun = try await DirBridgeCommand.run(["sync", "--config", config], timeout: .seconds(120))
        #expect(rerun.status == 0, "the next run must start (no wedged lock) and finish: \(rerun.stdout)\n\(rerun.stderr.suffix(3000))")
        #expect(rerun.stdout.contains("pending resolved"), "the killed run's in-flight sends were left pending: \(rerun.stdout)")
        try await ConvergenceChecks.expectConverged(environment, config: config, enabledUsers: enabled)
    }
}
