import Foundation
import LocalServers
import Testing

/// Two `dirbridge run` daemons on one PostgreSQL store, as the Kubernetes HA manifest runs them:
/// one syncs, the other stands by; the leader is killed with SIGKILL mid-sync and the standby
/// finishes its work at its next tick, with every person once at every vendor.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct HighAvailabilityTests {
    /// The daemons' schedule: the bound on how long a standby takes to notice the leader is gone.
    static let interval = 2

    @Test(.demoEnvironment(users: 600, simulator: ["--latency-ms", "40"]))
    func theStandbyFinishesTheKilledLeadersSyncWithoutLossOrDuplicates() async throws {
        let environment = try DemoEnvironment.forTest
        let postgres = try await PostgresServer.start()
        do {
            try await failover(environment, postgres)
            await postgres.stop()
        } catch {
            await postgres.stop()
            throw error
        }
    }

    private func failover(_ environment: DemoEnvironment, _ postgres: PostgresServer) async throws {
        let database = try await postgres.createDatabase()
        // 40 ms per request and at most 4 in flight: a sync of 600 users takes several seconds.
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, extraTargetSettings: "max_concurrency: 4",
            store: ["url: \(postgres.url(database: database))", "password_file: \(postgres.passwordFile)"])
        let arguments = ["run", "--config", config, "--every", "\(Self.interval)s", "--log-format", "json"]

        let leader = try DirBridgeCommand.start(arguments)
        try await waitFor("the leader to start sending", leader) {
            try await SimulatorState.fetch(from: environment.simulator).requestCount >= 20
        }
        let standby = try DirBridgeCommand.start(arguments)
        defer { standby.process.terminate() }
        try await waitFor("the second daemon to stand by", standby) { Self.log(standby).contains("\"message\":\"standby: ") }
        #expect(Self.log(standby).contains("another dirbridge run (pid \(leader.process.processIdentifier)"))
        try await waitFor("the leader to be well into its sync", leader) {
            try await SimulatorState.fetch(from: environment.simulator).requestCount >= 150
        }
        try #require(!Self.log(leader).contains("\"message\":\"sync finished\""), "the leader finished before it could be killed")

        #expect(kill(leader.process.processIdentifier, SIGKILL) == 0)
        let killed = ContinuousClock.now
        leader.process.waitUntilExit()
        #expect(leader.process.terminationReason == .uncaughtSignal)
        _ = leader.result()
        let enabled = environment.organisation.userCount - 1
        let afterKill = try await SimulatorState.fetch(from: environment.simulator)
        #expect(SimulatorState.vendors.contains { afterKill.users(of: $0).count < enabled }, "the kill interrupted nothing")

        var takeover: Duration?
        var failover: Duration?
        let deadline = ContinuousClock.now + .seconds(120)
        while failover == nil, ContinuousClock.now < deadline, standby.process.isRunning {
            let log = Self.log(standby)
            if takeover == nil, log.contains("\"message\":\"read directory\"") { takeover = .now - killed }
            if log.contains("\"message\":\"sync finished\"") { failover = .now - killed }
            try await Task.sleep(for: .milliseconds(20))
        }
        let measured = try #require(failover, "the standby did not finish the sync: \(Self.log(standby).suffix(3000))")
        print("HA failover (\(Self.interval) s schedule): standby took the lock \(takeover.map { "\($0)" } ?? "?") after SIGKILL,"
              + " finished the killed leader's sync \(measured) after it")
        #expect(measured < .seconds(Self.interval + 60))

        let stopped = await standby.stop()
        let standbyLog = standby.result().stderr
        #expect(stopped, "SIGTERM must stop the standby: \(standbyLog.suffix(3000))")
        #expect(!standbyLog.contains(postgres.configuration.password), "the store password must never be logged")
        #expect(!standbyLog.contains("\"level\":\"error\""), "a standby tick is not an error: \(standbyLog.suffix(3000))")

        try await ConvergenceChecks.expectConverged(environment, config: config, enabledUsers: enabled, context: standbyLog)
        let issues = try await DirBridgeCommand.run(["issues", "--config", config])
        #expect(issues.stdout.hasSuffix("0 user(s) with an open issue\n"), "records left pending: \(issues.stdout)")
    }

    private static func log(_ daemon: DirBridgeCommand.Running) -> String {
        (try? String(contentsOf: daemon.stderrFile, encoding: .utf8)) ?? ""
    }

    private func waitFor(
        _ what: String, _ daemon: DirBridgeCommand.Running, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard daemon.process.isRunning, ContinuousClock.now < deadline else {
                throw WaitFailure(description: "waiting for \(what): \(Self.log(daemon).suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct WaitFailure: Error, CustomStringConvertible {
        var description: String
    }
}
