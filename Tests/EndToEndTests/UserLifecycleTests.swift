import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalServers
import Testing

/// A person's life in the directory — changed, renamed, disabled, deleted, back again — and
/// what reaches the vendors, through the real CLI, slapd and the simulator.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct UserLifecycleTests {
    @Test(.demoEnvironment(users: 40))
    func changesRenamesLeaversAndReturnersReachEveryVendorOnce() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        let people = organisation.people
        let (promoted, renamed, leaver, deleted) = (people[1], people[2], people[4], people[6])

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        let ariaIdOfLeaver = try #require(try await ariaUser(environment, username: "\(leaver.uid)@example.org")?["id"] as? String)

        try await environment.slapd.modify(ldif: organisation.titleChange(promoted, to: "Chief Engineer"))
        try await environment.slapd.rename(organisation.dn(of: renamed), to: "uid=\(renamed.uid)-renamed")
        try await environment.slapd.modify(ldif: organisation.disable(leaver))
        try await environment.slapd.modify(ldif: "dn: \(organisation.dn(of: deleted))\nchangetype: delete\n")

        let plan = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        let sertica = plan.kinds(of: "sertica")
        #expect(sertica[organisation.dn(of: promoted)] == "update")
        #expect(sertica["uid=\(renamed.uid)-renamed,\(organisation.peopleDN)"] == "update", "a rename is an update, never create + disable")
        #expect(sertica[organisation.dn(of: leaver)] == "disable")
        #expect(sertica[organisation.dn(of: deleted)] == "disable")
        #expect(sertica.count == 4, "\(sertica)")
        #expect(plan.kinds(of: "expoints")[organisation.dn(of: leaver)] == nil, "expoints deprovisions by ignoring")

        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        let state = try await SimulatorState.fetch(from: environment.simulator)
        let serticaUsers = state.users(of: "sertica")
        #expect(serticaUsers.count == 39, "no duplicate after a rename")
        #expect(serticaUsers.first { $0["UserNo"] as? String == "\(1000 + promoted.index)" }?["Title"] as? String == "Chief Engineer")
        #expect(serticaUsers.first { $0["UserNo"] as? String == "\(1000 + leaver.index)" }?["Access"] as? Bool == false)
        #expect(try await ariaUser(environment, username: "\(leaver.uid)@example.org")?["enabled"] as? Bool == false)
        #expect(!state.users(of: "forms-on-fire").contains { $0["Email"] as? String == "\(leaver.uid)@example.org" },
                "forms-on-fire deprovisions by deleting")

        try await environment.slapd.modify(ldif: organisation.enable(leaver))
        let returning = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(returning.kinds(of: "aria-operations")[organisation.dn(of: leaver)] == "reimport")
        #expect(returning.vendorId(of: "aria-operations", dn: organisation.dn(of: leaver)) == ariaIdOfLeaver,
                "Aria's re-import carries the id it returned at the first import")

        let third = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(third.status == 0, "\(third.stdout)\n\(third.stderr)")
        let back = try #require(try await ariaUser(environment, username: "\(leaver.uid)@example.org"))
        #expect(back["id"] as? String == ariaIdOfLeaver && back["enabled"] as? Bool == true)
        let final = try await SimulatorState.fetch(from: environment.simulator)
        #expect(final.duplicateCreates == 0)
        #expect(final.users(of: "forms-on-fire").contains { $0["Email"] as? String == "\(leaver.uid)@example.org" })

        let quiet = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        for target in try PlanJSON(quiet.stdout).targets {
            #expect((target["actions"] as? [Any])?.isEmpty == true, "\(target["name"] ?? "?") still has work after applying")
        }
    }

    /// An Aria account deleted by hand comes back, once, on the user's next change, whatever
    /// status Aria gives the re-import that carries the vanished id (not documented).
    @Test(arguments: [404, 400])
    func anAriaAccountDeletedByHandComesBackOnceOnTheUsersNextChange(unknownIdStatus: Int) async throws {
        let organisation = DemoOrganisation(userCount: 20)
        try await DemoEnvironment.with(
            organisation: organisation, simulatorArguments: ["--aria-unknown-id-status", "\(unknownIdStatus)"]
        ) { environment in
            let config = try environment.writeConfiguration(
                mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations])
            let first = try await DirBridgeCommand.run(["sync", "--config", config])
            #expect(first.status == 0, "\(first.stdout)\n\(first.stderr.suffix(2000))")
            let person = organisation.people[2]
            let username = "\(person.uid)@example.org"
            let oldId = try #require(try await ariaUser(environment, username: username)?["id"] as? String)
            #expect(try await VendorAdmin.aria(environment, "DELETE", "/users/\(oldId)").status == 204)

            try await environment.slapd.modify(
                ldif: "dn: \(organisation.dn(of: person))\nchangetype: modify\nreplace: sn\nsn: Newname\n")
            let sync = try await DirBridgeCommand.run(["sync", "--config", config])
            #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr.suffix(2000))")
            let state = try await SimulatorState.fetch(from: environment.simulator)
            let held = state.users(of: "aria-operations").filter { $0["username"] as? String == username }
            #expect(held.count == 1 && held.first?["lastName"] as? String == "Newname", "\(held)")
            #expect(held.first?["id"] as? String != oldId)
            #expect(state.duplicateCreates == 0)
            let plan = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
            #expect(plan.kinds(of: "aria-operations").isEmpty, "the new id is stored: nothing left to do")
        }
    }

    private func ariaUser(_ environment: DemoEnvironment, username: String) async throws -> [String: Any]? {
        try await SimulatorState.fetch(from: environment.simulator).users(of: "aria-operations")
            .first { $0["username"] as? String == username }
    }
}
