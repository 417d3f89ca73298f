import LocalServers
import Foundation
import Testing

/// One slapd for the whole `DirectoryReaderSlapdTests` suite: 1,200 generated users in 12
/// nested groups (slapadd, memberOf written in the LDIF) plus hand-written edge cases under
/// `ou=special` (ldapadd, memberOf maintained by the overlay).
struct SharedSlapd: SuiteTrait, TestScoping {
    @TaskLocal static var current: Fixture?

    struct Fixture: Sendable {
        let server: SlapdServer
        let generated: GeneratedDirectory
    }

    static let special = "ou=special,dc=example,dc=org"
    static let specialPeople = "ou=people,\(special)"
    static let specialGroups = "ou=groups,\(special)"
    /// Raw JPEG-ish bytes, deliberately not valid UTF-8.
    static let photo: [UInt8] = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]
    static let trickyCN = "tri*cky (x)\\y"

    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        var configuration = SlapdServer.Configuration()
        configuration.tls = true
        let generated = GeneratedDirectory(peopleDN: configuration.peopleDN, groupsDN: configuration.groupsDN,
                                           userCount: 1_200, groupCount: 12)
        let ldif = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-gen-\(UUID().uuidString).ldif")
        try generated.write(toFile: ldif.path)
        defer { try? FileManager.default.removeItem(at: ldif) }
        let server = try await SlapdServer.start(configuration: configuration, ldifFile: ldif.path)
        do {
            try await server.add(ldif: Self.specialEntries)
            try await server.modify(ldif: Self.nesting)
            try await Self.$current.withValue(Fixture(server: server, generated: generated)) {
                try await function()
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private static var specialEntries: String {
        let jurgen = Data("cn=Jürgen Groß,\(specialPeople)".utf8).base64EncodedString()
        let tricky = Data("cn=\(trickyCN.replacingOccurrences(of: "\\", with: "\\5C")),\(specialPeople)".utf8).base64EncodedString()
        let trickyValue = Data(trickyCN.utf8).base64EncodedString()
        return """
        dn: \(special)
        objectClass: organizationalUnit
        ou: special

        dn: \(specialPeople)
        objectClass: organizationalUnit
        ou: people

        dn: \(specialGroups)
        objectClass: organizationalUnit
        ou: groups

        dn: uid=alice,\(specialPeople)
        objectClass: inetOrgPerson
        uid: alice
        cn: Alice Example
        sn: Example
        mail: alice@example.org
        employeeType: active
        jpegPhoto:: \(Data(photo).base64EncodedString())

        dn: uid=bob,\(specialPeople)
        objectClass: inetOrgPerson
        uid: bob
        cn: Bob Example
        sn: Example
        employeeType: inactive

        dn: cn=Smith\\, John,\(specialPeople)
        objectClass: inetOrgPerson
        cn: Smith, John
        sn: Smith
        uid: jsmith
        mail: john.smith@example.org

        dn:: \(jurgen)
        objectClass: inetOrgPerson
        cn: Jürgen Groß
        sn: Groß
        uid: jgross

        dn: uid=carol,\(specialPeople)
        objectClass: inetOrgPerson
        uid: carol
        cn: Carol Example
        sn: Example

        dn:: \(tricky)
        objectClass: inetOrgPerson
        cn:: \(trickyValue)
        sn: Tricky
        uid: tricky

        dn: cn=cycle-a,\(specialGroups)
        objectClass: groupOfNames
        cn: cycle-a
        member: uid=alice,\(specialPeople)

        dn: cn=cycle-b,\(specialGroups)
        objectClass: groupOfNames
        cn: cycle-b
        member: uid=alice,\(specialPeople)

        dn: cn=cycle-c,\(specialGroups)
        objectClass: groupOfNames
        cn: cycle-c
        member: uid=bob,\(specialPeople)

        dn: cn=renamers,\(specialGroups)
        objectClass: groupOfNames
        cn: renamers
        member: uid=carol,\(specialPeople)

        dn: cn=staff,\(specialGroups)
        objectClass: groupOfUniqueNames
        cn: staff
        uniqueMember: cn=Smith\\, John,\(specialPeople)

        dn: cn=top,\(specialGroups)
        objectClass: groupOfNames
        cn: top
        member: cn=staff,\(specialGroups)

        dn: cn=unix,\(specialGroups)
        objectClass: posixGroup
        cn: unix
        gidNumber: 1000
        memberUid: jgross

        """
    }

    /// The cycle a ⊂ c ⊂ b ⊂ a, added after all three exist so the overlay sets memberOf on each.
    private static var nesting: String {
        """
        dn: cn=cycle-c,\(specialGroups)
        changetype: modify
        add: member
        member: cn=cycle-a,\(specialGroups)

        dn: cn=cycle-b,\(specialGroups)
        changetype: modify
        add: member
        member: cn=cycle-c,\(specialGroups)
        -
        delete: member
        member: uid=alice,\(specialPeople)

        dn: cn=cycle-a,\(specialGroups)
        changetype: modify
        add: member
        member: cn=cycle-b,\(specialGroups)

        """
    }
}

extension Trait where Self == SharedSlapd {
    /// Runs the suite against one shared private slapd.
    static var sharedSlapd: SharedSlapd { SharedSlapd() }
}
