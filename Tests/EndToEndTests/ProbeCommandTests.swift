import Foundation
import LocalServers
import Testing

/// `dirbridge probe` against the simulator: the canary's lifecycle at each vendor, the assumptions
/// it confirms, no other account touched, and the refusal where the canary could not be removed.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ProbeCommandTests {
    @Test(.demoEnvironment(users: 10))
    func everyVendorCreatesLooksUpUpdatesAndRemovesTheCanary() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        for target in ["sertica", "aria-operations", "requestor", "forms-on-fire"] {
            let result = try await DirBridgeCommand.run(["probe", "--config", config, "--target", target, "--name", "canary-\(target)"])
            #expect(result.status == 0, "\(target): \(result.stdout)\n\(result.stderr)")
            #expect(result.stdout.contains("ok          create: applied"), "\(target): \(result.stdout)")
            #expect(result.stdout.contains("update: applied") && result.stdout.contains("re-import with the id: applied"), "\(result.stdout)")
            #expect(!result.stdout.contains("is still at"), "\(result.stdout)")
        }
        let state = try await SimulatorState.fetch(from: environment.simulator)
        for vendor in ["sertica", "requestor", "aria"] {
            #expect(state.duplicatedKeys(at: vendor).isEmpty, "the duplicate create step never makes a second account")
            // The canary alone: the directory's users were never sent.
            #expect(state.users(of: vendor).count <= 1, "\(vendor): \(state.users(of: vendor))")
        }
        #expect(state.users(of: "formsonfire").isEmpty, "Forms On Fire deletes the canary")
    }

    @Test(.demoEnvironment(users: 10))
    func aTargetThatNeverDeprovisionsIsRefusedUnlessTheCanaryMayStay() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.expoints])
        let refused = try await DirBridgeCommand.run(["probe", "--config", config, "--target", "expoints"])
        #expect(refused.status == 2, "\(refused.stdout)")
        #expect(refused.stdout.contains("deprovision is ignore"))
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "expoints").isEmpty)

        let left = try await DirBridgeCommand.run(["probe", "--config", config, "--target", "expoints", "--leave-canary", "--name", "stay"])
        #expect(left.status == 0, "\(left.stdout)\n\(left.stderr)")
        #expect(left.stdout.contains("the canary is still at expoints"))
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "expoints").count == 1)
    }

    @Test(.demoEnvironment(users: 10, simulator: ["--aria-duplicate-status", "500", "--formsonfire-delete-parameters", "query"]))
    func aVendorAnsweringADuplicateWithoutNamingItIsReportedAndStillCleanedUp() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations, .formsOnFire])
        let aria = try await DirBridgeCommand.run(["probe", "--config", config, "--target", "aria-operations"])
        #expect(aria.status == 0, "\(aria.stdout)\n\(aria.stderr)")
        #expect(aria.stdout.contains("note        duplicate create: "), "\(aria.stdout)")
        #expect(aria.stdout.contains("settles it by lookup"), "\(aria.stdout)")
        // Forms On Fire reading the DELETE's query only: the default (both) still removes the canary.
        let formsOnFire = try await DirBridgeCommand.run(["probe", "--config", config, "--target", "forms-on-fire"])
        #expect(formsOnFire.status == 0, "\(formsOnFire.stdout)\n\(formsOnFire.stderr)")
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "formsonfire").isEmpty)
    }
}
