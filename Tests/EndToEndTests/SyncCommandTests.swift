import Foundation
import LocalServers
import Testing

/// `dirbridge sync` against a real slapd and the vendor simulator over real sockets.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SyncCommandTests {
    static let vendors = ["sertica", "aria-operations", "requestor", "expoints", "forms-on-fire"]

    @Test(.demoEnvironment(users: 30))
    func firstSyncCreatesEveryoneAndASecondSendsNothing() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "stdout: \(first.stdout)\nstderr: \(first.stderr)")
        let afterFirst = try await SimulatorState.fetch(from: environment.simulator)
        for vendor in Self.vendors {
            #expect(afterFirst.users(of: vendor).count == 29, "\(vendor): \(first.stdout)")
        }
        #expect(afterFirst.duplicateCreates == 0)

        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        let afterSecond = try await SimulatorState.fetch(from: environment.simulator)
        // Aria's token acquire/release are the only calls a no-change run makes.
        let writes = afterSecond.requestCount - afterFirst.requestCount
        #expect(writes <= 2, "a no-change sync sent \(writes) requests: \(second.stdout)")
    }
}
