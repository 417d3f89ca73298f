import DirBridgeCore
import Foundation
import LocalServers
import Logging
import Testing
@testable import DirectoryReader

/// Delta reads (RFC 4533 refreshOnly) against a slapd of its own with the syncprov overlay, and
/// one without it.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct DeltaReadSlapdTests {
    static let people = (0..<6).map { "dl\($0)" }

    static func start(syncProvider: Bool = true) async throws -> SlapdServer {
        var configuration = SlapdServer.Configuration()
        configuration.syncProvider = syncProvider
        let server = try await SlapdServer.start(configuration: configuration)
        try await server.add(ldif: people.map { entry($0, in: configuration.peopleDN) }.joined())
        return server
    }

    static func entry(_ uid: String, in peopleDN: String, title: String = "Engineer") -> String {
        "dn: uid=\(uid),\(peopleDN)\nobjectClass: inetOrgPerson\nuid: \(uid)\ncn: \(uid)\nsn: Test\ntitle: \(title)\n\n"
    }

    static func reader(_ server: SlapdServer) -> DirectoryReader {
        DirectoryReader(
            settings: DirectorySourceSettings(
                url: server.url, bindDN: server.configuration.readerDN, password: .file(server.readerPasswordFile),
                baseDN: server.configuration.peopleDN, userFilter: "(&(objectClass=inetOrgPerson)(!(employeeType=external)))",
                groupBaseDN: server.configuration.groupsDN, attributes: ["uid", "title"], dialect: .openLDAP),
            logger: Logger(label: "test"))
    }

    /// What the last complete run stored of the groups, from its report.
    static func baseline(_ report: DirectoryReadReport) -> GroupBaseline {
        let groups = report.groups
        return GroupBaseline(
            fingerprint: report.groupFingerprint, digests: { groups.digests },
            edges: { keys in groups.states(Set(keys)).mapValues(\.edges) })
    }

    @Test func readsOnlyWhatChangedSinceTheCookieTakenBeforeTheFullRead() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let people = server.configuration.peopleDN
        let (users, report) = try await Self.reader(server).readWithReport(capturingSyncCookie: true)
        #expect(users.count == 6)
        let cookie = try #require(report.syncCookie)
        let anchor = Dictionary(uniqueKeysWithValues: users.map { ($0.values(of: "uid")[0], $0.anchor) })

        let quiet = try await Self.reader(server).readChanges(since: cookie, revisit: [], groups: Self.baseline(report))
        #expect(quiet.changed.isEmpty && quiet.deleted.isEmpty)
        #expect(quiet.report.groupFingerprint == report.groupFingerprint)

        try await server.modify(ldif: "dn: uid=dl1,\(people)\nchangetype: modify\nreplace: title\ntitle: Lead\n")
        try await server.add(ldif: Self.entry("dl-new", in: people))
        try await server.modify(ldif: "dn: uid=dl2,\(people)\nchangetype: delete\n")
        try await server.rename("uid=dl3,\(people)", to: "uid=dl3-renamed")
        // Moved out of the search: it is a leaver to dirbridge, whatever became of the entry.
        try await server.modify(ldif: "dn: uid=dl4,\(people)\nchangetype: modify\nadd: employeeType\nemployeeType: external\n")

        let gone = Anchor("00000000-0000-4000-8000-000000000000")
        let changes = try await Self.reader(server).readChanges(since: cookie, revisit: [anchor["dl5"]!, gone], groups: Self.baseline(report))
        let changed = Dictionary(uniqueKeysWithValues: changes.changed.map { ($0.dn, $0) })
        #expect(Set(changed.keys) == ["uid=dl1,\(people)", "uid=dl-new,\(people)", "uid=dl3-renamed,\(people)", "uid=dl5,\(people)"])
        #expect(changed["uid=dl1,\(people)"]?.values(of: "title") == ["Lead"])
        #expect(changed["uid=dl3-renamed,\(people)"]?.anchor == anchor["dl3"], "a rename keeps its anchor")
        #expect(changes.deleted == [anchor["dl2"]!, anchor["dl4"]!, gone])
        let next = try #require(changes.cookie)
        #expect(next != cookie)

        let after = try await Self.reader(server).readChanges(since: next, revisit: [], groups: Self.baseline(changes.report))
        #expect(after.changed.isEmpty && after.deleted.isEmpty)
    }

    @Test func aGroupChangeReadsTheUsersItReachesNestedToo() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let (people, groups) = (server.configuration.peopleDN, server.configuration.groupsDN)
        try await server.add(ldif: """
            dn: cn=platform,\(groups)
            objectClass: groupOfNames
            cn: platform
            member: uid=dl0,\(people)

            dn: cn=engineering,\(groups)
            objectClass: groupOfNames
            cn: engineering
            member: cn=platform,\(groups)
            member: uid=dl1,\(people)

            dn: cn=sales,\(groups)
            objectClass: groupOfNames
            cn: sales
            member: uid=dl2,\(people)


            """)
        let (users, report) = try await Self.reader(server).readWithReport(capturingSyncCookie: true)
        let cookie = try #require(report.syncCookie)
        // dl1 leaves engineering, dl3 joins platform (so engineering too), sales is untouched.
        try await server.modify(ldif: """
            dn: cn=engineering,\(groups)
            changetype: modify
            delete: member
            member: uid=dl1,\(people)

            dn: cn=platform,\(groups)
            changetype: modify
            add: member
            member: uid=dl3,\(people)

            """)
        let changes = try await Self.reader(server).readChanges(since: cookie, revisit: [], groups: Self.baseline(report))
        let changed = Dictionary(uniqueKeysWithValues: changes.changed.map { ($0.dn, $0) })
        #expect(Set(changed.keys) == ["uid=dl0,\(people)", "uid=dl1,\(people)", "uid=dl3,\(people)"])
        #expect(changed["uid=dl1,\(people)"]?.groups == [])
        #expect(changed["uid=dl3,\(people)"]?.groups == ["cn=engineering,\(groups)", "cn=platform,\(groups)"])
        // The changed groups themselves are reported gone from the user search; no user is.
        #expect(changes.deleted.isDisjoint(with: users.map(\.anchor)))
        #expect(changes.report.groupFingerprint != report.groupFingerprint)

        // Without the last run's group states, only a full read can tell.
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await Self.reader(server).readChanges(
                since: cookie, revisit: [], groups: GroupBaseline(fingerprint: report.groupFingerprint + "x", digests: { [:] }, edges: { _ in [:] }))
        }
    }

    @Test func aServerWithoutContentSynchronisationOffersNoCookieAndRefusesADelta() async throws {
        let server = try await Self.start(syncProvider: false)
        defer { Task { await server.stop() } }
        let (users, report) = try await Self.reader(server).readWithReport(capturingSyncCookie: true)
        #expect(users.count == 6)
        #expect(report.syncCookie == nil)
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await Self.reader(server).readChanges(
                since: Array("rid=000,csn=20200101000000.000000Z#000000#000#000000".utf8), revisit: [], groups: Self.baseline(report))
        }
    }

    @Test func aCookieTheServerCannotContinueFromIsRefusedNotTakenForNoChange() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await Self.reader(server).readChanges(
                since: Array("rid=000,csn=29991231000000.000000Z#000000#000#000000".utf8), revisit: [],
                groups: GroupBaseline(fingerprint: "", digests: { [:] }, edges: { _ in [:] }))
        }
    }
}
