import Foundation
import LocalServers
import Testing

/// A vendor with a capacity (requests a second, 429 beyond it) and real latency: the target's
/// window finds the capacity, everyone is created once, and few requests are refused.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct VendorCapacityTests {
    @Test(.demoEnvironment(users: 300, simulator: ["--max-requests-per-second", "100", "--latency-ms", "50"]))
    func theWindowSettlesAtTheVendorsCapacityAndNobodyIsCreatedTwice() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica],
            extraTargetSettings: "retry: { max_attempts: 6, base_delay_ms: 50, max_delay_seconds: 2 }")

        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")
        let state = try await SimulatorState.fetch(from: environment.simulator)
        let enabled = organisation.people.filter { !$0.disabled }.count
        #expect(state.users(of: "sertica").count == enabled)
        #expect(state.duplicateCreates == 0)
        // Sertica imports one user per request: about one request per user, a few refused while
        // the window finds the capacity (at scale well under 2 %: `dirbridge-bench capacity`).
        let refused = state.faults["rateLimited"] ?? 0
        #expect(refused * 100 < state.requestCount * 15, "\(refused) of \(state.requestCount) requests answered 429")
    }
}
