import TestSupport
import DirBridgeCore
import LocalServers
import Foundation
import Logging
import Testing
@testable import DirectoryReader

// Skipped, with the reason, where Samba cannot run (not root, package missing, port 389 taken).
@Suite(
    .enabled(if: SambaDomainController.unavailableReason == nil,
             "Samba AD DC unavailable: \(SambaDomainController.unavailableReason ?? "")"),
    .sharedSamba, .serialized, .timeLimit(.minutes(3))
)
struct ActiveDirectorySambaTests {
    var controller: SambaDomainController { SharedSamba.current! }

    /// Groups are read from the test OU (`groupBase`), so the nesting under test is all there is;
    /// nil reads them from the naming context, the default.
    func settings(
        membership: GroupMembershipSource? = nil, filter: String? = nil, groupBase: String? = SharedSamba.ou
    ) -> DirectorySourceSettings {
        DirectorySourceSettings(
            url: controller.url, bindDN: SambaDomainController.adminDN, password: .file(controller.adminPasswordFile),
            baseDN: SharedSamba.ou, userFilter: filter, groupBaseDN: groupBase, membership: membership,
            attributes: ["sAMAccountName", "objectGUID"]
        )
    }

    @Test func withoutAGroupBaseGroupsOutsideThePeopleOUAreFoundInTheNamingContext() async throws {
        let users = try await read(settings(groupBase: nil))
        // Alice's primary group, Domain Users, lives in CN=Users, outside the OU the users are read from.
        let groups = try #require(users[SharedSamba.user("ad-alice")]?.groups)
        #expect(groups.contains { $0.lowercased().hasPrefix("cn=domain users,cn=users,") }, "\(groups)")
        #expect(groups.contains(SharedSamba.group("g-inner")))
    }

    func read(_ settings: DirectorySourceSettings) async throws -> [String: DirectoryUser] {
        let users = try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readAll().users
        return Dictionary(users.map { ($0.dn, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func anchorIsObjectGUIDInWindowsFormat() async throws {
        let users = try await read(settings())
        let alice = try #require(users[SharedSamba.user("ad-alice")])
        #expect(alice.anchor.value.count == 36)
        // AD resolves <GUID=…> as a base DN only when the GUID string has Windows' byte order,
        // so finding alice this way checks the formatting against the server itself.
        let found = try await ProcessRunner.run("/usr/bin/ldapsearch", [
            "-x", "-LLL", "-H", controller.url, "-D", SambaDomainController.adminDN, "-y", controller.adminPasswordFile,
            "-b", "<GUID=\(alice.anchor.value)>", "-s", "base", "sAMAccountName",
        ])
        #expect(found.contains("sAMAccountName: ad-alice"))
        #expect(alice.values(of: "objectGUID").first.flatMap { Data(base64Encoded: $0) }?.count == 16)
    }

    @Test func disabledBitOfUserAccountControlDisables() async throws {
        let users = try await read(settings())
        #expect(users[SharedSamba.user("ad-alice")]?.enabled == true)
        #expect(users[SharedSamba.user("ad-bob")]?.enabled == false)
    }

    @Test func anAccountPastItsAccountExpiresIsDisabledAndTheNextExpiryIsReported() async throws {
        let (users, report) = try await DirectoryReader(settings: settings(), logger: Logger(label: "test")).readWithReport()
        let byDN = Dictionary(users.map { ($0.dn, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byDN[SharedSamba.user("ad-expired")]?.enabled == false, "userAccountControl says enabled; the date has passed")
        #expect(byDN[SharedSamba.user("ad-expiring")]?.enabled == true)
        #expect(byDN[SharedSamba.user("ad-alice")]?.enabled == true, "Samba's default accountExpires means never")
        #expect(report.nextAccountExpiry == SharedSamba.expiringAt)

        var noExpiry = settings()
        noExpiry.accountExpiry = "none"
        let unchecked = try await read(noExpiry)
        #expect(unchecked[SharedSamba.user("ad-expired")]?.enabled == true)
    }

    @Test(arguments: [GroupMembershipSource.memberOf, .groupMembers])
    func nestedGroupsMatchTheServersInChainAnswer(_ membership: GroupMembershipSource) async throws {
        let users = try await read(settings(membership: membership))
        #expect(users.count == SharedSamba.bigGroupSize + 4)
        #expect(users[SharedSamba.user("ad-alice")]?.groups == [SharedSamba.group("g-inner"), SharedSamba.group("g-outer")])
        let outer = SharedSamba.group("g-outer")
        let inChain = try await read(settings(filter: "(&(objectClass=user)(memberOf:1.2.840.113556.1.4.1941:=\(LDAPFilter.escape(outer))))"))
        #expect(Set(inChain.keys) == Set(users.filter { $0.value.isMember(of: outer) }.keys))
        #expect(inChain.count == 2)
    }

    @Test(arguments: [GroupMembershipSource.memberOf, .groupMembers])
    func thePrimaryGroupIsReportedThoughNeitherMemberOfNorMemberListsIt(_ membership: GroupMembershipSource) async throws {
        let primary = SharedSamba.group("g-primary")
        // The server's own view: bob is in g-primary only through primaryGroupID.
        let connection = try await LDAPConnection.connect(settings: settings(), logger: Logger(label: "test"))
        let group = try await connection.search(SearchRequest(
            baseDN: primary, scope: .base, filter: "(objectClass=*)", attributes: ["member"], pageSize: nil))
        let bob = try await connection.search(SearchRequest(
            baseDN: SharedSamba.user("ad-bob"), scope: .base, filter: "(objectClass=*)", attributes: ["memberOf"], pageSize: nil))
        await connection.close()
        #expect(try #require(group.first).strings(of: "member").isEmpty)
        #expect(!(try #require(bob.first).strings(of: "memberOf").contains(primary)))

        let users = try await read(settings(membership: membership))
        #expect(users[SharedSamba.user("ad-bob")]?.groups == [SharedSamba.group("g-outer"), primary])
        // Alice's primary group is Domain Users, outside the group base: not reported.
        #expect(users[SharedSamba.user("ad-alice")]?.groups == [SharedSamba.group("g-inner"), SharedSamba.group("g-outer")])
    }

    @Test func largeGroupIsReadWholeThroughRanges() async throws {
        let connection = try await LDAPConnection.connect(settings: settings(), logger: Logger(label: "test"))
        // A first range of 100 makes the server answer `member;range=0-99`, so the reader has to
        // walk 16 range steps to the final `member;range=1500-*`.
        let entries = try await connection.search(SearchRequest(
            baseDN: SharedSamba.group("g-big"), scope: .base, filter: "(objectClass=*)",
            attributes: ["member;range=0-99"], pageSize: nil
        ))
        await connection.close()
        let members = try #require(entries.first).strings(of: "member")
        #expect(members.count == SharedSamba.bigGroupSize)
        #expect(Set(members).count == SharedSamba.bigGroupSize)

        let users = try await read(settings(membership: .groupMembers))
        #expect(users.values.filter { $0.isMember(of: SharedSamba.group("g-big")) }.count == SharedSamba.bigGroupSize)
    }

    @Test func dialectIsDetectedFromTheRootDSE() async throws {
        let connection = try await LDAPConnection.connect(settings: settings(), logger: Logger(label: "test"))
        let rootDSE = try await connection.search(SearchRequest(
            baseDN: "", scope: .base, filter: "(objectClass=*)", attributes: DirectoryDialect.detectionAttributes, pageSize: nil
        ))
        await connection.close()
        var attributes: [String: [String]] = [:]
        for attribute in rootDSE.first?.attributes ?? [] { attributes[attribute.name] = rootDSE[0].strings(attribute) }
        #expect(DirectoryDialect.detect(rootDSE: attributes) == .activeDirectory)
    }
}
