import DirBridgeCore
import Foundation
import LocalServers
import Logging
import Testing
@testable import DirectoryReader

#if canImport(Glibc)
import Glibc
#endif

/// A server that dies in the middle of a paged read, while pages are being read ahead of the
/// conversion: the read fails; it never ends as if complete, where the users not read would
/// look like leavers.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ReadInterruptionTests {
    @Test func aServerKilledMidReadFailsTheReadInsteadOfEndingIt() async throws {
        let server = try await SlapdServer.start()
        defer { Task { await server.stop() } }
        let people = server.configuration.peopleDN
        let count = 600
        try await server.add(ldif: (0..<count).map { index in
            "dn: uid=ri\(index),\(people)\nobjectClass: inetOrgPerson\nuid: ri\(index)\ncn: ri\(index)\nsn: Test\n\n"
        }.joined())
        let reader = DirectoryReader(
            settings: DirectorySourceSettings(
                url: server.url, bindDN: server.configuration.readerDN, password: .file(server.readerPasswordFile),
                baseDN: people, groupBaseDN: server.configuration.groupsDN, attributes: ["uid"], dialect: .openLDAP,
                pageSize: 50),
            logger: Logger(label: "test"))

        var pages = reader.pages().makeAsyncIterator()
        var read = try #require(try await pages.next()).count
        // At most four pages wait read ahead of this one (250 users): the rest needs the server.
        kill(server.pid, SIGKILL)
        let failure = await #expect(throws: LDAPError.self) {
            while let page = try await pages.next() { read += page.count }
        }
        #expect(read < count, "the read ended as complete after \(read) of \(count) users")
        #expect(failure?.code == .serverUnreachable || failure?.code == .serverUnavailable, "\(String(describing: failure))")
    }
}
