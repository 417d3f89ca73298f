import Foundation
import LocalServers
import Testing

/// Review, then apply: `sync --plan` sends exactly the reviewed actions that still hold, lists
/// the ones the directory changed since, and refuses an edited, stale or foreign plan file.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReviewedPlanTests {
    @Test(.demoEnvironment(users: 12))
    func onlyTheReviewedActionsThatStillHoldAreApplied() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let (ann, bob, cal) = (organisation.people[1], organisation.people[2], organisation.people[6])
        try await environment.slapd.modify(ldif: organisation.titleChange(ann, to: "Reviewed Title A"))
        try await environment.slapd.modify(ldif: organisation.titleChange(bob, to: "Reviewed Title B"))
        let planFile = environment.directory.appendingPathComponent("plan.json").path
        let planned = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json", "--output", planFile])
        #expect(planned.status == 0, "\(planned.stderr)")

        // After the review, the directory moves on: bob changes again, cal changes for the first time.
        try await environment.slapd.modify(ldif: organisation.titleChange(bob, to: "Changed After Review"))
        try await environment.slapd.modify(ldif: organisation.titleChange(cal, to: "Not Reviewed"))
        let applied = try await DirBridgeCommand.run(["sync", "--config", config, "--plan", planFile])
        #expect(applied.status == 2, "a skipped reviewed action needs attention: \(applied.stdout)")
        #expect(applied.stdout.contains(organisation.dn(of: bob)) && applied.stdout.contains("not applied"), "\(applied.stdout)")
        let users = try await SimulatorState.fetch(from: environment.simulator).users(of: "sertica")
        func title(_ person: DemoOrganisation.Person) -> String? {
            users.first { $0["UserNo"] as? String == "\(1000 + person.index)" }?["Title"] as? String
        }
        #expect(title(ann) == "Reviewed Title A", "the reviewed change that still holds is applied")
        #expect(title(bob) != "Changed After Review" && title(bob) != "Reviewed Title B", "bob's changed action is skipped")
        #expect(title(cal) != "Not Reviewed", "a change nobody reviewed is not applied")
    }

    @Test(.demoEnvironment(users: 10))
    func anEditedStaleOrForeignPlanIsRefused() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        let planFile = environment.directory.appendingPathComponent("plan.json").path
        #expect(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json", "--output", planFile]).status == 0)
        let original = try String(contentsOfFile: planFile, encoding: .utf8)

        let stale = try await DirBridgeCommand.run(["sync", "--config", config, "--plan", planFile, "--max-plan-age-hours", "0.0000001"])
        #expect(stale.status == 1 && stale.stderr.contains("--max-plan-age"), "\(stale.stderr)")

        try Data(original.replacingOccurrences(of: "\"kind\":\"create\"", with: "\"kind\":\"update\"").utf8)
            .write(to: URL(fileURLWithPath: planFile))
        let edited = try await DirBridgeCommand.run(["sync", "--config", config, "--plan", planFile])
        #expect(edited.status == 1 && edited.stderr.contains("changed after"), "\(edited.stderr)")

        try Data(original.utf8).write(to: URL(fileURLWithPath: planFile))
        try Data((try String(contentsOfFile: config, encoding: .utf8) + "\n# edited\n").utf8).write(to: URL(fileURLWithPath: config))
        let foreign = try await DirBridgeCommand.run(["sync", "--config", config, "--plan", planFile])
        #expect(foreign.status == 1 && foreign.stderr.contains("another configuration"), "\(foreign.stderr)")
        #expect(try await SimulatorState.fetch(from: environment.simulator).writeCount == 0, "nothing was sent")
    }
}
