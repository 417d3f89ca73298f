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

    /// A gateway in front of the vendors answers 404 with its own page (a route it lost, a backend
    /// being deployed) while leavers are deprovisioned. That page says nothing about the vendor's
    /// users: no leaver may be recorded as gone on it (Requestor's delete has no lookup to confirm
    /// it, Forms On Fire's confirms through a lookup that gets the same page). The run reports
    /// them; once the vendors answer again, the next run takes their access away.
    @Test(.demoEnvironment(users: 30))
    func aGatewaysNotFoundPageNeverCountsAsALeaverGone() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, extraTargetSettings: Self.fastRetry)
        let yaml = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "options: { auth: bearer }\n", with: "options: { auth: bearer }\n    deprovision: delete\n")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr.suffix(2000))")

        let leavers = [organisation.people[4], organisation.people[6]]
        for leaver in leavers { try await environment.slapd.modify(ldif: organisation.disable(leaver)) }
        try await SimulatorState.setFaults(environment.simulator, ["notFoundPageShare": 1])
        let behindGateway = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(behindGateway.status != 0, "leavers whose deprovision was never answered by the vendor must fail the run")
        #expect(behindGateway.stdout.contains("in front of the vendor"), "\(behindGateway.stdout)")
        #expect(try await SimulatorState.fetch(from: environment.simulator).faults["notFoundPage"] ?? 0 > 0)

        try await SimulatorState.setFaults(environment.simulator, [:])
        let after = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(after.status == 0, "\(after.stdout)\n\(after.stderr.suffix(2000))")
        let state = try await SimulatorState.fetch(from: environment.simulator)
        let leaverIndices = Set(leavers.map(\.index))
        let active = organisation.people.filter { !$0.disabled && !leaverIndices.contains($0.index) }
        try VendorAccess.expectOnlyLeaversLostAccess(
            state, leavers: leavers.map { "\($0.uid)@example.org" }, active: active.map { "\($0.uid)@example.org" })
    }

    /// An Expoints tenant without GET on the user resource has no lookup: an add whose answer was
    /// lost cannot be looked up, and used to stay pending for good, its user never created. Its
    /// adds are refused for a name it holds, so the add is sent again instead.
    @Test(.demoEnvironment(users: 12, simulator: ["--expoints-lookup-shape", "absent"]))
    func addsWhoseAnswerWasLostAreSentAgainAtAnExpointsTenantWithoutLookup() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.expoints], extraTargetSettings: Self.fastRetry)
        try await SimulatorState.setFaults(environment.simulator, ["droppedShare": 1])
        let lost = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(lost.status != 0)
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "expoints").isEmpty, "nothing reached the vendor")

        try await SimulatorState.setFaults(environment.simulator, [:])
        let resent = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(resent.status == 0, "\(resent.stdout)\n\(resent.stderr.suffix(2000))")
        let names = try await SimulatorState.fetch(from: environment.simulator).users(of: "expoints").compactMap { $0["Username"] as? String }
        #expect(names.count == organisation.userCount - 1 && Set(names).count == names.count, "\(names)")
    }
}
