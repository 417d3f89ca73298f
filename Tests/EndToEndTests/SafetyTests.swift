import Foundation
import LocalServers
import Testing

/// The mass-deprovisioning guards, end to end: a plan disabling more than the configured share
/// is blocked (nothing sent) until forced, and an empty directory read disables no one, forced or not.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SafetyTests {
    /// Targets whose deprovision policy sends something (Expoints' is `ignore`).
    static let deprovisioningVendors = ["sertica", "aria-operations", "requestor", "forms-on-fire"]

    @Test(.demoEnvironment(users: 40))
    func disablingMoreThanTheLimitIsBlockedUntilForced() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr.suffix(2000))")

        // 5 of 39 managed users (12.8 %) is over the default 10 %.
        let leavers = Array(organisation.people[10..<15])
        for leaver in leavers {
            try await environment.slapd.modify(ldif: organisation.disable(leaver))
        }
        let plan = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        for target in try PlanJSON(plan.stdout).targets {
            let name = target["name"] as? String ?? "?"
            let blocked = Self.deprovisioningVendors.contains(name)
            #expect(target["blocked"] as? Bool == blocked, "\(name): \(target["blockedReason"] ?? "not blocked")")
            if blocked {
                #expect((target["blockedReason"] as? String)?.contains("5 of 39") == true, "\(target)")
            }
        }

        let before = try await SimulatorState.fetch(from: environment.simulator)
        let blockedSync = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(blockedSync.status == 3, "\(blockedSync.stdout)\n\(blockedSync.stderr.suffix(2000))")
        #expect(blockedSync.stdout.contains("--force"), "the operator is told how to proceed: \(blockedSync.stdout)")
        let afterBlocked = try await SimulatorState.fetch(from: environment.simulator)
        for leaver in leavers {
            #expect(Self.access(of: leaver, in: afterBlocked) == Access(sertica: true, aria: true, requestorDisabled: false, formsOnFire: true),
                    "\(leaver.uid) was deprovisioned by a blocked sync")
        }
        for vendor in SimulatorState.vendors {
            #expect(afterBlocked.users(of: vendor).count == before.users(of: vendor).count)
        }

        let forced = try await DirBridgeCommand.run(["sync", "--config", config, "--force"])
        #expect(forced.status == 0, "\(forced.stdout)\n\(forced.stderr.suffix(2000))")
        let afterForced = try await SimulatorState.fetch(from: environment.simulator)
        for leaver in leavers {
            #expect(Self.access(of: leaver, in: afterForced) == Access(sertica: false, aria: false, requestorDisabled: true, formsOnFire: false),
                    "\(leaver.uid) keeps access after a forced sync")
        }
        let stillActive = organisation.people.filter { !$0.disabled && !leavers.contains($0) }
        #expect(stillActive.allSatisfy { Self.access(of: $0, in: afterForced) == Access(sertica: true, aria: true, requestorDisabled: false, formsOnFire: true) })
        #expect(afterForced.duplicateCreates == 0)
    }

    @Test(.demoEnvironment(users: 20))
    func anEmptyDirectoryReadDisablesNoOneEvenWhenForced() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)
        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        try #require(first.status == 0, "\(first.stdout)\n\(first.stderr.suffix(2000))")
        let before = try await SimulatorState.fetch(from: environment.simulator)

        // The base DN exists and the bind works, but the filter matches no one: a plausible
        // misconfiguration that reads as "everyone left".
        let yaml = try String(contentsOfFile: config, encoding: .utf8)
        let emptyFilter = "(&(objectClass=inetOrgPerson)(uid=no-such-person))"
        try Data(yaml.replacingOccurrences(of: "(objectClass=inetOrgPerson)", with: emptyFilter).utf8)
            .write(to: URL(fileURLWithPath: config))

        let plan = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        for target in try PlanJSON(plan.stdout).targets where Self.deprovisioningVendors.contains(target["name"] as? String ?? "") {
            #expect(target["blocked"] as? Bool == true, "\(target)")
            #expect((target["actions"] as? [Any])?.isEmpty == true, "no disable is even planned: \(target)")
        }
        for arguments in [["sync", "--config", config], ["sync", "--config", config, "--force"]] {
            let sync = try await DirBridgeCommand.run(arguments)
            // Blocked either way, and the summary says why: --force cannot make it look applied.
            #expect(sync.status == 3, "an empty read is blocked: \(sync.stdout)\n\(sync.stderr.suffix(2000))")
            #expect(sync.stdout.contains("returned no users"), "\(sync.stdout)")
            if arguments.contains("--force") {
                #expect(sync.stdout.contains("--force does not override this"), "\(sync.stdout)")
            }
            let after = try await SimulatorState.fetch(from: environment.simulator)
            for vendor in SimulatorState.vendors {
                #expect(after.users(of: vendor).count == before.users(of: vendor).count, "\(arguments): \(vendor)")
            }
            #expect(organisation.people.filter { !$0.disabled }.allSatisfy {
                Self.access(of: $0, in: after) == Access(sertica: true, aria: true, requestorDisabled: false, formsOnFire: true)
            }, "\(arguments) disabled someone: \(sync.stdout)")
        }
    }

    struct Access: Equatable {
        var sertica: Bool?
        var aria: Bool?
        var requestorDisabled: Bool?
        var formsOnFire: Bool
    }

    /// What each deprovisioning vendor holds for `person`.
    static func access(of person: DemoOrganisation.Person, in state: SimulatorState) -> Access {
        let mail = "\(person.uid)@example.org"
        let sertica = state.users(of: "sertica").first { $0["UserNo"] as? String == "\(1000 + person.index)" }
        let aria = state.users(of: "aria-operations").first { ($0["username"] as? String)?.lowercased() == mail }
        let requestor = state.users(of: "requestor").first { ($0["Email"] as? String)?.lowercased() == mail }
        let requestorDisabled = (requestor?["Properties"] as? [String: Any]).map { $0["Disabled"] as? Bool ?? false }
        return Access(
            sertica: sertica?["Access"] as? Bool, aria: aria?["enabled"] as? Bool, requestorDisabled: requestorDisabled,
            formsOnFire: state.users(of: "forms-on-fire").contains { ($0["Email"] as? String)?.lowercased() == mail })
    }
}
