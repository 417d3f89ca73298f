import TestSupport
import DirBridgeCore
import Foundation
import LocalServers
import Logging
import Testing
@testable import DirectoryReader

/// Delta reads against Active Directory (DirSync), on the suite's shared Samba AD DC: an OU of
/// its own at the domain root, so the other tests' users stay as they are.
extension ActiveDirectorySambaTests {
    static let deltaOU = "OU=delta,\(SambaDomainController.baseDN)"
    static let elsewhereOU = "OU=delta-elsewhere,\(SambaDomainController.baseDN)"
    static func deltaUser(_ name: String, in ou: String = deltaOU) -> String { "CN=\(name),\(ou)" }
    static var appGroup: String { "CN=d-app,\(deltaOU)" }

    /// Users must be members of d-app (which d-outer nests), as a deployment that scopes the
    /// sync by group membership does.
    func deltaReader() -> DirectoryReader {
        DirectoryReader(
            settings: DirectorySourceSettings(
                url: controller.url, bindDN: SambaDomainController.adminDN, password: .file(controller.adminPasswordFile),
                baseDN: Self.deltaOU, userFilter: "(&(objectClass=user)(memberOf=\(LDAPFilter.escape(Self.appGroup))))",
                groupBaseDN: Self.deltaOU, attributes: ["sAMAccountName", "title"]),
            logger: Logger(label: "test"))
    }

    func ldap(_ tool: String, _ arguments: [String] = [], _ ldif: String) async throws {
        try await ProcessRunner.run(
            "/usr/bin/\(tool)", ["-x", "-H", controller.url, "-D", SambaDomainController.adminDN, "-y", controller.adminPasswordFile] + arguments,
            input: ldif)
    }

    static func userLDIF(_ name: String, in ou: String = deltaOU) -> String {
        "dn: \(deltaUser(name, in: ou))\nobjectClass: user\nsAMAccountName: \(name)\nuserAccountControl: 544\ntitle: Engineer\n\n"
    }

    @Test func aDirSyncDeltaAppliedToTheLastReadGivesWhatAFullReadGives() async throws {
        let people = (0..<7).map { "d\($0)" }
        try await ldap("ldapadd", [], "dn: \(Self.deltaOU)\nobjectClass: organizationalUnit\n\ndn: \(Self.elsewhereOU)\nobjectClass: organizationalUnit\n\n"
            + people.map { Self.userLDIF($0) }.joined() + Self.userLDIF("d-outsider")
            + "dn: \(Self.appGroup)\nobjectClass: group\nsAMAccountName: d-app\n" + people.map { "member: \(Self.deltaUser($0))\n" }.joined() + "\n"
            + "dn: CN=d-outer,\(Self.deltaOU)\nobjectClass: group\nsAMAccountName: d-outer\nmember: \(Self.appGroup)\n\n")

        let (before, report) = try await deltaReader().readWithReport(capturingSyncCookie: true)
        #expect(before.count == 7)
        #expect(before.allSatisfy { $0.groups == [Self.appGroup, "CN=d-outer,\(Self.deltaOU)"] }, "\(before.map(\.groups))")
        let cookie = try #require(report.syncCookie, "\(report.deltaUnavailableReason ?? "")")
        let anchor = Dictionary(uniqueKeysWithValues: before.map { ($0.values(of: "sAMAccountName")[0], $0.anchor) })

        let quiet = try await deltaReader().readChanges(since: cookie, revisit: [], groups: DeltaReadSlapdTests.baseline(report))
        #expect(quiet.changed.isEmpty && quiet.deleted.isEmpty)

        try await ldap("ldapmodify", [], """
            dn: \(Self.deltaUser("d1"))
            changetype: modify
            replace: title
            title: Lead

            dn: \(Self.deltaUser("d0"))
            changetype: modify
            replace: userAccountControl
            userAccountControl: 546

            dn: \(Self.deltaUser("d6"))
            changetype: modify
            replace: accountExpires
            accountExpires: \(SharedSamba.filetime(unixSeconds: 1_577_836_800))

            dn: \(Self.appGroup)
            changetype: modify
            delete: member
            member: \(Self.deltaUser("d5"))

            """)
        try await ldap("ldapadd", [], Self.userLDIF("d-new"))
        try await ldap("ldapmodify", [], "dn: \(Self.appGroup)\nchangetype: modify\nadd: member\nmember: \(Self.deltaUser("d-new"))\n\n")
        try await ldap("ldapdelete", [Self.deltaUser("d2")], "")
        try await ldap("ldapmodrdn", ["-r", "-s", Self.elsewhereOU, Self.deltaUser("d3"), "CN=d3"], "")
        try await ldap("ldapmodrdn", ["-r", Self.deltaUser("d4"), "CN=d4-renamed"], "")

        let changes = try await deltaReader().readChanges(since: cookie, revisit: [], groups: DeltaReadSlapdTests.baseline(report))
        let after = try await deltaReader().readAll().users
        var applied = Dictionary(uniqueKeysWithValues: before.map { ($0.anchor, $0) })
        for anchor in changes.deleted { applied[anchor] = nil }
        for user in changes.changed { applied[user.anchor] = user }
        #expect(applied == Dictionary(uniqueKeysWithValues: after.map { ($0.anchor, $0) }))

        #expect(Set(changes.changed.map { $0.values(of: "sAMAccountName")[0] }) == ["d0", "d1", "d4", "d6", "d-new"])
        #expect(changes.changed.first { $0.anchor == anchor["d0"] }?.enabled == false)
        #expect(changes.changed.first { $0.anchor == anchor["d6"] }?.enabled == false, "an end date set in the past")
        #expect(changes.changed.first { $0.anchor == anchor["d4"] }?.dn == Self.deltaUser("d4-renamed"), "a rename keeps its anchor")
        // Deleted, moved out of the base, taken out of the group the filter requires: leavers all.
        #expect(changes.deleted.isSuperset(of: [anchor["d2"]!, anchor["d3"]!, anchor["d5"]!]))
        #expect(changes.deleted.isDisjoint(with: after.map(\.anchor)))

        let next = try #require(changes.cookie)
        let settled = try await deltaReader().readChanges(since: next, revisit: [], groups: DeltaReadSlapdTests.baseline(changes.report))
        #expect(settled.changed.isEmpty && settled.deleted.isEmpty)

        // Taking d-app out of d-outer changes no user entry, yet every member loses d-outer: the
        // delta reads them all again, with the group gone. (Samba has them found even without the
        // walk down nested groups: the slapd equivalence test is the one that needs it.)
        try await ldap("ldapmodify", [], "dn: CN=d-outer,\(Self.deltaOU)\nchangetype: modify\ndelete: member\nmember: \(Self.appGroup)\n\n")
        let unnested = try await deltaReader().readChanges(
            since: try #require(settled.cookie), revisit: [], groups: DeltaReadSlapdTests.baseline(settled.report))
        #expect(Set(unnested.changed.map(\.anchor)) == Set(after.map(\.anchor)))
        #expect(unnested.changed.allSatisfy { $0.groups == [Self.appGroup] }, "\(unnested.changed.map(\.groups))")
        #expect(unnested.deleted.isEmpty)
        #expect(try await deltaReader().readAll().users.allSatisfy { $0.groups == [Self.appGroup] })
    }

    @Test func aCookieDirSyncCannotContinueFromFallsBackToAFullRead() async throws {
        let (_, report) = try await read(settings(), capturingCookie: true)
        let cookie = try #require(report.syncCookie)
        // Samba answers a cookie it cannot unmarshal with unavailableCriticalExtension.
        let garbled = Array(cookie.prefix(8))
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await DirectoryReader(settings: settings(), logger: Logger(label: "test"))
                .readChanges(since: garbled, revisit: [], groups: DeltaReadSlapdTests.baseline(report))
        }
    }

    func read(_ settings: DirectorySourceSettings, capturingCookie: Bool) async throws -> ([DirectoryUser], DirectoryReadReport) {
        try await DirectoryReader(settings: settings, logger: Logger(label: "test")).readWithReport(capturingSyncCookie: capturingCookie)
    }
}
