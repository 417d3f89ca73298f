import Foundation
import LocalServers
import Testing

/// A search continuation reference (referral) under the base means part of the directory was
/// not read: the read fails, so the users below it never look like leavers.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReferralTests {
    @Test(.demoEnvironment(users: 10))
    func aReferralUnderTheBaseFailsTheReadAndDisablesNobody() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        #expect(try await DirBridgeCommand.run(["sync", "--config", config]).status == 0)

        try await environment.slapd.modify(ldif: """
            dn: ou=emea,\(organisation.peopleDN)
            changetype: add
            objectClass: referral
            objectClass: extensibleObject
            ou: emea
            ref: ldap://emea-dc.example.org/ou=people,dc=emea,dc=example,dc=org

            """)
        let read = try await DirBridgeCommand.run(["read", "--config", config])
        #expect(read.status == 1, "\(read.stdout)")
        #expect(read.stderr.contains("referral") && read.stderr.contains("emea-dc.example.org"), "\(read.stderr)")

        let sync = try await DirBridgeCommand.run(["sync", "--config", config, "--force"])
        #expect(sync.status == 1, "\(sync.stdout)\n\(sync.stderr)")
        let users = try await SimulatorState.fetch(from: environment.simulator).users(of: "sertica")
        #expect(users.allSatisfy { $0["Access"] as? Bool == true }, "a partial read must never disable anyone")
    }
}
