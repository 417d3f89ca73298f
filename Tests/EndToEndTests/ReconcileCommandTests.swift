import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LocalServers
import Testing

/// `dirbridge reconcile`: drift made behind dirbridge's back at a vendor is repaired.
@Suite(.timeLimit(.minutes(3)))
struct ReconcileCommandTests {
    @Test(.demoEnvironment(users: 15))
    func aUserDeletedInTheVendorIsCreatedAgain() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .formsOnFire])
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)

        let before = try await SimulatorState.fetch(from: environment.simulator)
        let victim = try #require(before.users(of: "forms-on-fire").first)
        var delete = URLRequest(url: URL(string: "\(environment.simulator.baseURL("formsonfire"))/api/v1/suser?format=json")!)
        delete.httpMethod = "DELETE"
        delete.setValue("application/json", forHTTPHeaderField: "Content-Type")
        delete.httpBody = try JSONSerialization.data(withJSONObject: [
            "IntegrationKey": "forms-on-fire-test-key", "ProviderId": 1001, "Id": victim["Id"] as? String ?? "",
        ])
        _ = try await URLSession.shared.data(for: delete)
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "forms-on-fire").count == 13)
        // The snapshot cannot know: a plain plan sees nothing to do.
        let blind = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(blind.kinds(of: "forms-on-fire").isEmpty)

        let serticaRequestsBefore = try await SimulatorState.fetch(from: environment.simulator).requestCount
        let result = try await DirBridgeCommand.run(["reconcile", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("forms-on-fire: 14 managed users checked, 1 missing at the vendor"), "\(result.stdout)")
        #expect(result.stdout.contains("sertica: 14 managed users checked, no lookup API: everything re-sent"))

        let after = try await SimulatorState.fetch(from: environment.simulator)
        let emails = after.users(of: "forms-on-fire").compactMap { $0["Email"] as? String }
        #expect(emails.count == 14 && Set(emails).count == 14)
        #expect(emails.contains(victim["Email"] as? String ?? "?"))
        #expect(after.users(of: "sertica").count == 14)
        #expect(after.requestCount - serticaRequestsBefore >= 14, "Sertica gets every user re-sent")
        let settled = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(settled.kinds(of: "forms-on-fire").isEmpty && settled.kinds(of: "sertica").isEmpty)
    }
}

extension ReconcileCommandTests {
    /// Requestor has no lookup: the drift shows as a refused update, which is probed with a
    /// create once; a user still there answers with a conflict, a user gone is created again.
    @Test(.demoEnvironment(users: 10))
    func aUserDeletedAtRequestorIsCreatedAgainThoughItHasNoLookup() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.requestor])
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)

        let before = try await SimulatorState.fetch(from: environment.simulator).users(of: "requestor")
        let victim = try #require(before.first)
        var delete = URLRequest(url: URL(string: "\(environment.simulator.baseURL("requestor"))/api/Account/DeleteRequestorUser")!)
        delete.httpMethod = "POST"
        delete.setValue("application/json", forHTTPHeaderField: "Content-Type")
        delete.setValue("Bearer requestor-test-token", forHTTPHeaderField: "Authorization")
        delete.httpBody = try JSONSerialization.data(withJSONObject: [
            "UserProviderKey": victim["UserProviderKey"] as? String ?? "", "Force": true,
        ])
        _ = try await URLSession.shared.data(for: delete)
        #expect(try await SimulatorState.fetch(from: environment.simulator).users(of: "requestor").count == before.count - 1)

        let result = try await DirBridgeCommand.run(["reconcile", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let after = try await SimulatorState.fetch(from: environment.simulator)
        let keys = after.users(of: "requestor").compactMap { $0["ExternalId"] as? String }
        #expect(keys.count == before.count && Set(keys).count == before.count, "\(result.stdout)")
        #expect(keys.contains(victim["ExternalId"] as? String ?? "?"))
        let settled = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(settled.kinds(of: "requestor").isEmpty)
    }
}

extension ReconcileCommandTests {
    /// A leaver given his access back in the vendor's own UI is invisible to a sync (the snapshot
    /// holds him as deprovisioned): reconcile finds him and deprovisions him again.
    @Test(.demoEnvironment(users: 10))
    func aLeaverReenabledAtTheVendorIsDeprovisionedAgain() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .ariaOperations], safety: "max_disable_percent: 50")
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)
        let leaver = organisation.people[6]
        try await environment.slapd.modify(ldif: organisation.disable(leaver))
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)

        let state = try await SimulatorState.fetch(from: environment.simulator)
        let aria = try #require(state.users(of: "aria-operations").first { ($0["distinguishedName"] as? String) == organisation.dn(of: leaver) })
        var sertica = try #require(state.users(of: "sertica").first { $0["Login"] as? String == leaver.uid })
        #expect(aria["enabled"] as? Bool == false && sertica["Access"] as? Bool == false, "deprovisioned by the sync")
        sertica["Access"] = true
        let reenabled = try await VendorAdmin.aria(environment, "PUT", "/users", body: ["id": aria["id"] ?? "", "enabled": true])
        #expect(reenabled.status == 200, "\(reenabled.body)")
        #expect(try await VendorAdmin.serticaImport(environment, sertica).status == 200)
        let handled = try await SimulatorState.fetch(from: environment.simulator)
        #expect(handled.users(of: "aria-operations").first { $0["id"] as? String == aria["id"] as? String }?["enabled"] as? Bool == true)
        let blind = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(blind.kinds(of: "aria-operations").isEmpty && blind.kinds(of: "sertica").isEmpty, "a sync cannot see it")

        let result = try await DirBridgeCommand.run(["reconcile", "--config", config])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr.suffix(1500))")
        #expect(result.stdout.contains("aria-operations: 8 managed users checked, 0 missing at the vendor; 1 leavers checked, 1 still held"), "\(result.stdout)")
        #expect(result.stdout.contains("sertica: 8 managed users checked, no lookup API: everything re-sent; 1 leavers deprovisioned again"), "\(result.stdout)")
        let after = try await SimulatorState.fetch(from: environment.simulator)
        #expect(after.users(of: "aria-operations").first { $0["id"] as? String == aria["id"] as? String }?["enabled"] as? Bool == false)
        #expect(after.users(of: "sertica").first { $0["Login"] as? String == leaver.uid }?["Access"] as? Bool == false)
        let settled = try PlanJSON(try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"]).stdout)
        #expect(settled.kinds(of: "aria-operations").isEmpty && settled.kinds(of: "sertica").isEmpty, "the leaver stays settled")
    }
}
