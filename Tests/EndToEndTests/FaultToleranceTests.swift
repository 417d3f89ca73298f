import Foundation
import LocalServers
import Testing

/// `dirbridge sync` against vendors that rate-limit, fail, drop connections and — the hard
/// case — apply a request and then fail it. Repeated runs must converge on every person
/// exactly once at every vendor, never creating anyone twice.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct FaultToleranceTests {
    /// Small backoff so that four attempts fit in a test; the policy is the product's own.
    static let fastRetry = "retry: { max_attempts: 4, base_delay_ms: 10, max_delay_seconds: 0.2 }"

    @Test(.demoEnvironment(users: 60), arguments: ["unavailable", "drop"])
    func repeatedSyncsConvergeUnderFaultsWithoutCreatingAnyoneTwice(applyThenFailMode: String) async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, extraTargetSettings: Self.fastRetry)
        // About 20 % of vendor requests fail, in every way the simulator knows.
        try await SimulatorState.setFaults(environment.simulator, [
            "rateLimitedShare": 0.05, "retryAfterSeconds": 0, "unavailableShare": 0.05, "droppedShare": 0.04,
            "applyThenFailShare": 0.06, "applyThenFailMode": applyThenFailMode, "seed": 20261123,
        ])

        var outputs: [String] = []
        var converged = false
        for _ in 1...4 {
            let run = try await DirBridgeCommand.run(["sync", "--config", config])
            outputs.append("exit \(run.status)\n\(run.stdout)")
            #expect([0, 1, 2].contains(run.status), "a faulty vendor must end in a status, not a crash: \(run.stderr.suffix(2000))")
            if run.status == 0 {
                converged = true
                break
            }
        }
        let faulty = try await SimulatorState.fetch(from: environment.simulator)
        for fault in ["rateLimited", "unavailable", "dropped", "appliedThenFailed"] {
            #expect((faulty.faults[fault] ?? 0) > 0, "no \(fault) fault happened: \(faulty.faults)")
        }
        if !converged {
            try await SimulatorState.setFaults(environment.simulator, [:])
            let last = try await DirBridgeCommand.run(["sync", "--config", config])
            outputs.append("exit \(last.status) (faults cleared)\n\(last.stdout)")
            #expect(last.status == 0, "\(outputs.joined(separator: "\n---\n"))\n\(last.stderr.suffix(3000))")
        }
        try await ConvergenceChecks.expectConverged(
            environment, config: config, enabledUsers: organisation.userCount - 1,
            context: outputs.joined(separator: "\n---\n"))
    }
}
