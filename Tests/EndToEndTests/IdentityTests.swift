import Foundation
import LocalServers
import Testing

/// One person, one account: key changes, existing accounts and shared keys, through the real
/// CLI, slapd and the simulator.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct IdentityTests {
    @Test func aChangedSerticaUserNoLeavesNoAccountWithAccessThatNobodyOwns() async throws {
        let organisation = DemoOrganisation(userCount: 12)
        let environment = try await DemoEnvironment.start(organisation: organisation)
        defer { Task { await environment.stop() } }
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        let person = organisation.people[2]
        let oldNumber = "\(1000 + person.index)"

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        try await environment.slapd.modify(
            ldif: "dn: \(organisation.dn(of: person))\nchangetype: modify\nreplace: employeeNumber\nemployeeNumber: 7777\n")

        let plan = try await DirBridgeCommand.run(["plan", "--config", config])
        #expect(plan.stdout.contains("UserNo: \(oldNumber) → 7777"), "the plan shows the key change: \(plan.stdout)")
        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")

        let users = try await SimulatorState.fetch(from: environment.simulator).users(of: "sertica")
        let old = users.first { $0["UserNo"] as? String == oldNumber }
        let new = users.first { $0["UserNo"] as? String == "7777" }
        #expect(old?["Access"] as? Bool == false, "the old UserNo keeps access: \(old ?? [:])")
        #expect(new?["Access"] as? Bool == true)
        let quiet = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        #expect(try PlanJSON(quiet.stdout).targets.allSatisfy { ($0["actions"] as? [Any])?.isEmpty == true })
    }
}
