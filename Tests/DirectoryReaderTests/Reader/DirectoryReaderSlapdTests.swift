import DirBridgeCore
import LocalServers
import Foundation
import Logging
import Testing
@testable import DirectoryReader

@Suite(.sharedSlapd, .serialized, .timeLimit(.minutes(1)))
struct DirectoryReaderSlapdTests {
    var fixture: SharedSlapd.Fixture { SharedSlapd.current! }
    var server: SlapdServer { fixture.server }

    func settings(
        base: String = SharedSlapd.specialPeople, groupBase: String = SharedSlapd.specialGroups,
        membership: GroupMembershipSource = .groupMembers, filter: String? = nil, pageSize: Int = 500
    ) -> DirectorySourceSettings {
        DirectorySourceSettings(
            url: server.url, bindDN: server.configuration.readerDN, password: .file(server.readerPasswordFile),
            baseDN: base, userFilter: filter, groupBaseDN: groupBase, membership: membership,
            attributes: ["cn", "mail", "uid", "jpegPhoto", "employeeType"],
            enabledRule: .attributeNotEquals("employeeType", "inactive"), pageSize: pageSize
        )
    }

    func read(_ settings: DirectorySourceSettings) async throws -> [String: DirectoryUser] {
        let users = try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readAll().users
        return Dictionary(users.map { ($0.dn, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func special(_ rdn: String) -> String { "\(rdn),\(SharedSlapd.specialPeople)" }
    func group(_ cn: String) -> String { "cn=\(cn),\(SharedSlapd.specialGroups)" }

    @Test func readsEveryUserAcrossManyPagesWithNestedGroups() async throws {
        let generated = fixture.generated
        let reader = DirectoryReader(
            settings: settings(base: generated.peopleDN, groupBase: generated.groupsDN, pageSize: 100),
            logger: Logger(label: "test")
        )
        var pageSizes: [Int] = []
        var users: [DirectoryUser] = []
        for try await page in reader.pages() {
            pageSizes.append(page.count)
            users.append(contentsOf: page)
        }
        #expect(pageSizes.count == 12)
        #expect(pageSizes.allSatisfy { $0 <= 100 })
        #expect(users.count == 1_200)
        #expect(Set(users.map(\.anchor)).count == 1_200)
        let byDN = Dictionary(uniqueKeysWithValues: users.map { ($0.dn, $0) })
        for index in [0, 1, 2, 3, 599, 1_199] {
            let user = try #require(byDN[generated.userDN(index)])
            #expect(user.groups == generated.expectedGroups(ofUser: index), "user \(index)")
            #expect(user.values(of: "uid") == [generated.uid(index)])
            #expect(user.enabled)
        }
        // Group 2 is nested twice (2 ⊂ 1 ⊂ 0): its members carry three groups.
        #expect(byDN[generated.userDN(2)]?.groups.count == 3)
    }

    @Test func memberOfSourceGivesTheSameGroupsAsGroupMembers() async throws {
        let generated = fixture.generated
        let viaMembers = try await read(settings(base: generated.peopleDN, groupBase: generated.groupsDN, membership: .groupMembers))
        let viaMemberOf = try await read(settings(base: generated.peopleDN, groupBase: generated.groupsDN, membership: .memberOf))
        #expect(viaMembers.count == 1_200)
        #expect(viaMembers.mapValues(\.groups) == viaMemberOf.mapValues(\.groups))
    }

    @Test func memberOfOutsideTheGroupBaseIsReportedNotSilentlyDropped() async throws {
        let generated = fixture.generated
        // The group base set to the people OU, as a default of base_dn would in AD.
        let (users, report) = try await DirectoryReader(
            settings: settings(base: generated.peopleDN, groupBase: generated.peopleDN, membership: .memberOf),
            logger: Logger(label: "test")
        ).readWithReport()
        #expect(users.allSatisfy { $0.groups.isEmpty })
        #expect(report.groupBaseDN == generated.peopleDN)
        #expect(!report.unresolvedMemberOf.isEmpty)
        #expect(report.unresolvedMemberOf.allSatisfy { $0.lowercased().hasSuffix(generated.groupsDN.lowercased()) })

        let (_, right) = try await DirectoryReader(
            settings: settings(base: generated.peopleDN, groupBase: generated.groupsDN, membership: .memberOf),
            logger: Logger(label: "test")
        ).readWithReport()
        #expect(right.unresolvedMemberOf.isEmpty)
    }

    @Test(arguments: [GroupMembershipSource.groupMembers, .memberOf])
    func cyclicGroupsReachEveryGroupInTheCycle(_ membership: GroupMembershipSource) async throws {
        let users = try await read(settings(membership: membership))
        let cycle = [group("cycle-a"), group("cycle-b"), group("cycle-c")]
        #expect(users[special("uid=alice")]?.groups == cycle)
        #expect(users[special("uid=bob")]?.groups == cycle)
    }

    @Test func uniqueMemberAndPosixGroupsCountWithGroupMembers() async throws {
        let users = try await read(settings())
        #expect(users[special("cn=Smith\\2C John")]?.groups == [group("staff"), group("top")])
        #expect(users[special("cn=Jürgen Groß")]?.groups == [group("unix")])
    }

    @Test func renameKeepsAnchorAndReportsNewDN() async throws {
        let before = try #require(try await read(settings())[special("uid=carol")])
        try await server.rename(special("uid=carol"), to: "uid=caroline")
        let after = try await read(settings())
        #expect(after[special("uid=carol")] == nil)
        let renamed = try #require(after[special("uid=caroline")])
        #expect(renamed.anchor == before.anchor)
        #expect(renamed.groups == [group("renamers")])
    }

    @Test func disabledUserFollowsTheEnabledRule() async throws {
        let users = try await read(settings())
        #expect(users[special("uid=alice")]?.enabled == true)
        #expect(users[special("uid=bob")]?.enabled == false)
        var presence = settings()
        presence.enabledRule = .attributePresent("mail")
        let byMail = try await read(presence)
        #expect(byMail[special("uid=bob")]?.enabled == false)
        #expect(byMail[special("uid=alice")]?.enabled == true)

        // Leavers marked two ways: either one disables.
        var both = settings()
        both.enabledRule = .all([.attributePresent("mail"), .attributeNotEquals("employeeType", "inactive")])
        let combined = try await read(both)
        #expect(combined[special("uid=alice")]?.enabled == true, "mail, active")
        #expect(combined[special("cn=Smith\\2C John")]?.enabled == true, "mail, no employeeType")
        #expect(combined[special("uid=bob")]?.enabled == false, "inactive, no mail")
        let withoutMail = combined.values.filter { $0.values(of: "mail").isEmpty }
        #expect(!withoutMail.isEmpty && withoutMail.allSatisfy { !$0.enabled }, "no mail")
    }

    @Test func utf8AndEscapedDNsAndValuesSurvive() async throws {
        let users = try await read(settings())
        let smith = try #require(users[special("cn=Smith\\2C John")])
        #expect(smith.values(of: "cn") == ["Smith, John"])
        let jurgen = try #require(users[special("cn=Jürgen Groß")])
        #expect(jurgen.values(of: "cn") == ["Jürgen Groß"])
    }

    @Test func missingOptionalAttributeIsAbsentNotEmpty() async throws {
        let users = try await read(settings())
        #expect(users[special("uid=bob")]?.attributes["mail"] == nil)
        #expect(users[special("uid=alice")]?.values(of: "mail") == ["alice@example.org"])
    }

    @Test func binaryAttributeIsBase64() async throws {
        let users = try await read(settings())
        let alice = try #require(users[special("uid=alice")])
        #expect(alice.values(of: "jpegPhoto") == [Data(SharedSlapd.photo).base64EncodedString()])
    }

    @Test func escapedFilterValueDoesNotWidenTheSearch() async throws {
        let widened = try await read(settings(filter: "(cn=tri*)"))
        #expect(widened.count == 1, "an unescaped * is a wildcard, which is what escaping must prevent")
        let prefix = try await read(settings(filter: LDAPFilter.equals("cn", "tri*")))
        #expect(prefix.isEmpty)
        let exact = try await read(settings(filter: LDAPFilter.equals("cn", SharedSlapd.trickyCN)))
        #expect(exact.count == 1)
        #expect(exact.values.first?.values(of: "cn") == [SharedSlapd.trickyCN])
    }

    @Test func wrongPasswordIsInvalidCredentials() async throws {
        var settings = settings()
        let file = server.directory.appendingPathComponent("wrong.pw")
        try Data("not-the-password".utf8).write(to: file)
        settings.password = .file(file.path)
        let error = await #expect(throws: LDAPError.self) { try await read(settings) }
        #expect(error?.code == .invalidCredentials)
        #expect(error?.resultCode == 49)
        #expect(error?.description.contains(server.configuration.readerDN) == true)
        #expect(error?.description.contains("not-the-password") == false)
    }

    @Test func unreachablePortIsServerUnreachable() async throws {
        var settings = settings()
        settings.url = "ldap://127.0.0.1:\(LocalPort.free())"
        settings.timeouts = TimeoutSettings(connectSeconds: 2, operationSeconds: 5)
        let error = await #expect(throws: LDAPError.self) { try await read(settings) }
        #expect(error?.code == .serverUnreachable)
        #expect(error?.description.contains("server unreachable") == true)
    }

    @Test func entriesWithoutAnAnchorValueAreNamedAndTheReadGoesOn() async throws {
        var settings = settings()
        settings.anchorAttribute = "mail"
        let base = try await DirectoryReader(settings: self.settings(), logger: Logger(label: "test")).readAll()
        #expect(base.unreadable.isEmpty)
        // Only some of the people have a mail address: those are read, the others are named.
        let described = base.users.filter { !$0.values(of: "mail").isEmpty }
        let read = try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readAll()
        #expect(Set(read.users.map(\.dn)) == Set(described.map(\.dn)))
        #expect(Set(read.unreadable.map(\.dn)) == Set(base.users.map(\.dn)).subtracting(described.map(\.dn)))
        let entry = try #require(read.unreadable.first)
        #expect(entry.anchor == nil && entry.attribute == "mail")
        #expect(entry.description.contains(entry.dn) && entry.description.contains("no value for the anchor attribute mail"))
        #expect(!described.isEmpty && !read.unreadable.isEmpty)
    }

    @Test func wrongBaseDNFailsInsteadOfReadingNobody() async throws {
        let error = await #expect(throws: LDAPError.self) {
            try await read(settings(base: "ou=nowhere,dc=example,dc=org"))
        }
        #expect(error?.code == .noSuchObject)
    }

    @Test func passwordFromEnvironmentAndAnchorIsEntryUUID() async throws {
        var settings = settings()
        setenv("DIRBRIDGE_TEST_LDAP_PASSWORD", server.configuration.readerPassword, 1)
        defer { unsetenv("DIRBRIDGE_TEST_LDAP_PASSWORD") }
        settings.password = .environment("DIRBRIDGE_TEST_LDAP_PASSWORD")
        let users = try await read(settings)
        let anchor = try #require(users[special("uid=alice")]?.anchor.value)
        #expect(UUID(uuidString: anchor) != nil, "entryUUID \(anchor)")
    }
}
