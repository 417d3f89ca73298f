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

    @Test func readsOnlyWhatChangedSinceTheCookieTakenBeforeTheFullRead() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let people = server.configuration.peopleDN
        let (users, report) = try await Self.reader(server).readWithSyncCookie()
        #expect(users.count == 6)
        let cookie = try #require(report.syncCookie)
        let anchor = Dictionary(uniqueKeysWithValues: users.map { ($0.values(of: "uid")[0], $0.anchor) })

        let quiet = try await Self.reader(server).readChanges(since: cookie, revisit: [])
        #expect(quiet.changed.isEmpty && quiet.deleted.isEmpty)
        #expect(quiet.report.groupFingerprint == report.groupFingerprint)

        try await server.modify(ldif: "dn: uid=dl1,\(people)\nchangetype: modify\nreplace: title\ntitle: Lead\n")
        try await server.add(ldif: Self.entry("dl-new", in: people))
        try await server.modify(ldif: "dn: uid=dl2,\(people)\nchangetype: delete\n")
        try await server.rename("uid=dl3,\(people)", to: "uid=dl3-renamed")
        // Moved out of the search: it is a leaver to dirbridge, whatever became of the entry.
        try await server.modify(ldif: "dn: uid=dl4,\(people)\nchangetype: modify\nadd: employeeType\nemployeeType: external\n")

        let gone = Anchor("00000000-0000-4000-8000-000000000000")
        let changes = try await Self.reader(server).readChanges(since: cookie, revisit: [anchor["dl5"]!, gone])
        let changed = Dictionary(uniqueKeysWithValues: changes.changed.map { ($0.dn, $0) })
        #expect(Set(changed.keys) == ["uid=dl1,\(people)", "uid=dl-new,\(people)", "uid=dl3-renamed,\(people)", "uid=dl5,\(people)"])
        #expect(changed["uid=dl1,\(people)"]?.values(of: "title") == ["Lead"])
        #expect(changed["uid=dl3-renamed,\(people)"]?.anchor == anchor["dl3"], "a rename keeps its anchor")
        #expect(changes.deleted == [anchor["dl2"]!, anchor["dl4"]!, gone])
        let next = try #require(changes.cookie)
        #expect(next != cookie)

        let after = try await Self.reader(server).readChanges(since: next, revisit: [])
        #expect(after.changed.isEmpty && after.deleted.isEmpty)
    }

    @Test func aServerWithoutContentSynchronisationOffersNoCookieAndRefusesADelta() async throws {
        let server = try await Self.start(syncProvider: false)
        defer { Task { await server.stop() } }
        let (users, report) = try await Self.reader(server).readWithSyncCookie()
        #expect(users.count == 6)
        #expect(report.syncCookie == nil)
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await Self.reader(server).readChanges(since: Array("rid=000,csn=20200101000000.000000Z#000000#000#000000".utf8), revisit: [])
        }
    }

    @Test func aCookieTheServerCannotContinueFromIsRefusedNotTakenForNoChange() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        await #expect(throws: DeltaReadUnavailable.self) {
            _ = try await Self.reader(server).readChanges(since: Array("rid=000,csn=29991231000000.000000Z#000000#000#000000".utf8), revisit: [])
        }
    }
}
