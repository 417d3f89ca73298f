import Foundation
import LocalServers
import Testing

/// One person, one account: key changes, existing accounts and shared keys, through the real
/// CLI, slapd and the simulator.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct IdentityTests {
    @Test(.demoEnvironment(users: 12))
    func aChangedSerticaUserNoLeavesNoAccountWithAccessThatNobodyOwns() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
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

    private func setMail(_ environment: DemoEnvironment, _ person: DemoOrganisation.Person, to mail: String) async throws {
        try await environment.slapd.modify(
            ldif: "dn: \(environment.organisation.dn(of: person))\nchangetype: modify\nreplace: mail\nmail: \(mail)\n")
    }

    @Test(.demoEnvironment(users: 12))
    func twoPeopleSharingAMailAreBothRejectedUntilItIsFixed() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.formsOnFire])
        let (ann, bob) = (organisation.people[7], organisation.people[8])
        let shared = "\(bob.uid)@example.org"
        try await setMail(environment, ann, to: shared)

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 2, "\(first.stdout)")
        for (person, other) in [(ann, bob), (bob, ann)] {
            #expect(first.stdout.split(separator: "\n").contains {
                $0.contains(organisation.dn(of: person)) && $0.contains("also mapped from \(organisation.dn(of: other))")
            }, "each is rejected naming the other: \(first.stdout)")
        }
        var state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(VendorAccess.accounts(of: shared, at: "forms-on-fire", in: state).isEmpty, "no silent winner")

        try await setMail(environment, ann, to: "\(ann.uid)@example.org")
        let fixed = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(fixed.status == 0, "\(fixed.stdout)")
        state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(VendorAccess.accounts(of: shared, at: "forms-on-fire", in: state).count == 1)
        #expect(VendorAccess.accounts(of: "\(ann.uid)@example.org", at: "forms-on-fire", in: state).count == 1)
    }

    @Test(.demoEnvironment(users: 12))
    func aMailTakenFromItsOwnerIsRejectedAndTheOwnersLeavingTouchesOnlyTheOwner() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.formsOnFire])
        let (ann, bob) = (organisation.people[7], organisation.people[8])
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let synced = try await SimulatorState.fetch(from: environment.simulator)
        let annId = VendorAccess.accounts(of: "\(ann.uid)@example.org", at: "forms-on-fire", in: synced).first?["Id"] as? String
        let bobId = VendorAccess.accounts(of: "\(bob.uid)@example.org", at: "forms-on-fire", in: synced).first?["Id"] as? String

        try await setMail(environment, ann, to: "\(bob.uid)@example.org")
        let plan = try await DirBridgeCommand.run(["plan", "--config", config])
        #expect(plan.stdout.contains("\(organisation.dn(of: bob)) already holds the account"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("rejected \(organisation.dn(of: bob))"), "the owner keeps it: \(plan.stdout)")

        try await environment.slapd.modify(ldif: organisation.disable(bob))
        let leaving = try await DirBridgeCommand.run(["sync", "--config", config])
        let ids = try await SimulatorState.fetch(from: environment.simulator).users(of: "forms-on-fire").compactMap { $0["Id"] as? String }
        #expect(annId.map(ids.contains) == true, "ann's own account is never deleted for bob's leaving: \(leaving.stdout)")
        #expect(bobId.map(ids.contains) == false, "bob's account is gone")
        #expect(ids.count == organisation.userCount - 2, "only bob's account is gone")
    }

    @Test(.demoEnvironment(users: 12))
    func existingAccountsAreShownAsAdoptAndTakenOverOnceStrangersAreLeftAlone() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.ariaOperations, .expoints, .formsOnFire])
        let person = organisation.people[6]
        let mail = "\(person.uid)@example.org"
        let employee = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a01"
        var seeded: [String: String] = [:]
        for (vendor, users) in [
            ("aria-operations", [["username": mail, "enabled": true], ["username": "stranger@example.org", "enabled": true]]),
            ("expoints", [mail, "stranger@example.org"].map { ["Username": $0, "Email": $0, "Type": "Internal", "Roles": [["Id": employee]]] }),
            ("forms-on-fire", [["Email": mail, "FirstName": "Old"], ["Email": "stranger@example.org", "FirstName": "Stranger"]]),
        ] as [(String, [[String: Any]])] {
            seeded[vendor] = try await SimulatorState.seedAccounts(environment.simulator, vendor: vendor, users).first
        }

        let planned = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        let plan = try PlanJSON(planned.stdout)
        for vendor in ["aria-operations", "expoints", "forms-on-fire"] {
            #expect(plan.kinds(of: vendor)[organisation.dn(of: person)] == "adopt", "\(vendor): \(plan.kinds(of: vendor)) \(planned.stderr.suffix(1500))")
            #expect(plan.vendorId(of: vendor, dn: organisation.dn(of: person))?.lowercased() == seeded[vendor]?.lowercased())
        }
        // Where the vendor can list its users, the account nobody in the directory owns is listed.
        for vendor in ["aria-operations", "expoints"] {
            let target = plan.targets.first { $0["name"] as? String == vendor }
            let unmanaged = (target?["unmanaged"] as? [[String: String]])?.map { $0["key"] ?? "" }
            #expect(unmanaged == ["stranger@example.org"], "\(vendor): \(String(describing: target?["unmanaged"]))")
        }
        let html = environment.directory.appendingPathComponent("plan.html").path
        _ = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "html", "--output", html])
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("adopt") && page.contains("stranger@example.org"))

        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)")
        let state = try await SimulatorState.fetch(from: environment.simulator)
        for vendor in ["aria-operations", "expoints", "forms-on-fire"] {
            let held = VendorAccess.accounts(of: mail, at: vendor, in: state)
            #expect(held.count == 1, "\(vendor): one account, the pre-existing one")
            #expect(VendorAccess.accounts(of: "stranger@example.org", at: vendor, in: state).count == 1)
        }
        #expect(state.users(of: "forms-on-fire").first { $0["Email"] as? String == "stranger@example.org" }?["FirstName"] as? String
            == "Stranger", "an account nobody in the directory owns is never modified")
        let before = state.writeCount
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        #expect(try await SimulatorState.fetch(from: environment.simulator).writeCount == before, "a second sync sends nothing")
    }

    /// A vendor may answer a create of an account it holds as a success with that account's id
    /// (an upsert): the new hire would be linked to an account made by hand that no plan showed,
    /// even where the target's `adopt` is `never`.
    @Test(.demoEnvironment(users: 12, simulator: ["--formsonfire-duplicate-create", "upsert"]))
    func aNewHiresAccountMadeByHandIsLookedUpBeforeTheCreateAtAVendorThatUpserts() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let hire = organisation.newcomer
        let mail = "\(hire.uid)@example.org"
        var config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.formsOnFire], extraTargetSettings: "adopt: never")
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let handMade = try #require(try await SimulatorState.seedAccounts(
            environment.simulator, vendor: "forms-on-fire", [["Email": mail, "FirstName": "Old"]]).first)
        try await environment.slapd.add(ldif: organisation.addition(of: hire))

        let refused = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(refused.status == 2, "\(refused.stdout)\n\(refused.stderr.suffix(1500))")
        #expect(refused.stdout.contains(organisation.dn(of: hire)) && refused.stdout.contains("adopt is 'never'"), "\(refused.stdout)")
        var state = try await SimulatorState.fetch(from: environment.simulator)
        let account = state.users(of: "forms-on-fire").first { ($0["Id"] as? String)?.lowercased() == handMade.lowercased() }
        #expect(account?["FirstName"] as? String == "Old", "adopt: never leaves the account alone: \(account ?? [:])")

        config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.formsOnFire])
        let plan = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(plan.kinds(of: "forms-on-fire")[organisation.dn(of: hire)] == "adopt", "shown before it happens: \(plan.kinds(of: "forms-on-fire"))")
        #expect(plan.vendorId(of: "forms-on-fire", dn: organisation.dn(of: hire))?.lowercased() == handMade.lowercased())
        let adopted = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(adopted.status == 0, "\(adopted.stdout)")
        state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(VendorAccess.accounts(of: mail, at: "forms-on-fire", in: state).count == 1)
        #expect(state.users(of: "forms-on-fire").first { $0["Email"] as? String == mail }?["FirstName"] as? String == hire.givenName)
    }

    /// `adopt: never` holds on a first sync too, whatever the vendor does with a create of an
    /// account it holds: the creates are looked up first there.
    @Test(.demoEnvironment(users: 12, simulator: ["--formsonfire-duplicate-create", "upsert"]))
    func adoptNeverHoldsOnAFirstSyncAgainstAVendorThatUpserts() async throws {
        let environment = try DemoEnvironment.forTest
        let person = environment.organisation.people[5]
        let handMade = try #require(try await SimulatorState.seedAccounts(
            environment.simulator, vendor: "forms-on-fire", [["Email": "\(person.uid)@example.org", "FirstName": "Old"]]).first)
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.formsOnFire], extraTargetSettings: "adopt: never")
        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 2 && sync.stdout.contains("adopt is 'never'"), "\(sync.stdout)")
        let state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(state.users(of: "forms-on-fire").first { ($0["Id"] as? String)?.lowercased() == handMade.lowercased() }?["FirstName"] as? String == "Old")
        #expect(state.users(of: "forms-on-fire").count == environment.organisation.userCount - 1, "everyone else is created")
    }

    /// Deleted from the directory and created again (a new entryUUID, the same DN, mail and
    /// employee number): to dirbridge a second person. The leaver's account is his: never handed
    /// over, above all never enabled again (Sertica imports by UserNo, so the new entry's create
    /// would be the old account imported with Access: true). A deleted account frees its key.
    @Test(.demoEnvironment(users: 10))
    func anEntryCreatedAgainInTheDirectoryIsNotHandedTheLeaversAccount() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .ariaOperations, .formsOnFire],
            safety: "max_disable_percent: 50")
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let person = organisation.people[6]
        let userNo = "\(1000 + person.index)"
        let mail = "\(person.uid)@example.org"
        try await environment.slapd.modify(ldif: "dn: \(organisation.dn(of: person))\nchangetype: delete\n")
        try await environment.slapd.add(ldif: organisation.addition(of: person).components(separatedBy: "\n\n")[0] + "\n")

        for run in 1...2 {
            let sync = try await DirBridgeCommand.run(["sync", "--config", config])
            #expect(sync.status == 2, "run \(run): \(sync.stdout)")
            let state = try await SimulatorState.fetch(from: environment.simulator)
            let sertica = state.users(of: "sertica").filter { $0["UserNo"] as? String == userNo }
            #expect(sertica.count == 1 && sertica.first?["Access"] as? Bool == false, "run \(run): the leaver's account stays without access: \(sertica)")
            let aria = state.users(of: "aria-operations").filter { $0["username"] as? String == mail }
            #expect(aria.count == 1 && aria.first?["enabled"] as? Bool == false, "run \(run): \(aria)")
            #expect(sync.stdout.components(separatedBy: "is held by the account of another directory entry").count - 1 >= 2,
                    "run \(run): rejected at Sertica and Aria, naming the holder: \(sync.stdout)")
        }
        var state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(VendorAccess.accounts(of: mail, at: "forms-on-fire", in: state).count == 1, "the deleted account's key is free: the new entry has one")
        let ariaId = try #require(state.users(of: "aria-operations").first { $0["username"] as? String == mail }?["id"] as? String)

        // The operator knows it is one person: released, the accounts are his again.
        let plan = try await DirBridgeCommand.run(["plan", "--config", config])
        let release = try #require(plan.stdout.firstMatch(of: /dirbridge release --target sertica --anchor ([0-9a-f-]+)/)?.1)
        #expect(try await DirBridgeCommand.run(["release", "--config", config, "--target", "sertica", "--anchor", String(release)]).status == 0)
        let released = try await DirBridgeCommand.run(["release", "--config", config, "--target", "aria-operations", "--anchor", String(release)])
        #expect(released.status == 0 && released.stdout.contains("account \(ariaId) is linked to nobody now"), "\(released.stdout)")
        let adopting = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(adopting.kinds(of: "aria-operations")[organisation.dn(of: person)] == "adopt", "\(adopting.kinds(of: "aria-operations"))")
        let sync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stdout)")
        state = try await SimulatorState.fetch(from: environment.simulator)
        #expect(state.users(of: "sertica").filter { $0["UserNo"] as? String == userNo }.map { $0["Access"] as? Bool } == [true])
        #expect(state.users(of: "aria-operations").filter { $0["username"] as? String == mail }.map { $0["id"] as? String } == [ariaId])
        #expect(state.users(of: "aria-operations").first { $0["id"] as? String == ariaId }?["enabled"] as? Bool == true)
        let history = try await DirBridgeCommand.run(["history", "--config", config])
        #expect(history.stdout.contains("release"), "the release is journalled: \(history.stdout)")
        let missing = try await DirBridgeCommand.run(["release", "--config", config, "--target", "sertica", "--anchor", "no-such-anchor"])
        #expect(missing.status == 1 && missing.stdout.contains("no record of anchor no-such-anchor at sertica"), "\(missing.stdout)")
    }
}
