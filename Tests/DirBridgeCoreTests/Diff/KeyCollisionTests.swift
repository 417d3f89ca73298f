import Testing
@testable import DirBridgeCore

/// One person, one account: users sharing a unique key value are rejected by name, except the
/// one whose snapshot already holds it.
@Suite struct KeyCollisionTests {
    static let mapping = """
        {"vendor": "forms-on-fire", "fields": {"Email": {"template": "{mail}", "transforms": ["trim"]}, "ExternalId": {"source": "anchor"}}}
        """

    static func user(_ anchor: String, mail: String, enabled: Bool = true) -> DirectoryUser {
        DirectoryUser(anchor: Anchor(anchor), dn: "uid=\(anchor),ou=people,dc=x", enabled: enabled, attributes: ["mail": [mail]], groups: [])
    }

    static func prepare(_ users: [DirectoryUser], parts: Int = 1) async throws -> PreparedUsers {
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(mapping))
        return await mapper.prepare(users, schema: .formsOnFire, parts: parts)
    }

    @Test func usersSharingAnAddressAreFoundCaseFolded() async throws {
        let prepared = try await Self.prepare([
            Self.user("a", mail: "Ann@x.org"), Self.user("b", mail: "bob@x.org"), Self.user("c", mail: "ann@X.org"),
        ])
        #expect(prepared.keyCollisions == [KeyCollision(field: "Email", value: "Ann@x.org", members: [0, 2])])
    }

    @Test func collisionsAreFoundAcrossTheSlicesOfALargeDirectory() async throws {
        var users = (0..<5_000).map { Self.user("u\($0)", mail: "u\($0)@x.org") }
        users[4_999] = Self.user("dup", mail: "U17@x.org")
        users[10] = Self.user("off", mail: "someone@x.org", enabled: false)
        users[11] = Self.user("on", mail: "someone@x.org")
        let prepared = try await Self.prepare(users, parts: 3)
        #expect(prepared.keyCollisions.map(\.members) == [[17, 4_999]], "a leaver's address does not collide")
    }

    @Test func withoutAnOwnerEveryoneIsRejectedNamingTheOthers() async throws {
        let prepared = try await Self.prepare([Self.user("a", mail: "ann@x.org"), Self.user("c", mail: "ann@x.org")])
        let rejections = KeyCollisionRule.rejections(prepared.keyCollisions, of: prepared, vendor: .formsOnFire, stored: [:])
        #expect(rejections.map(\.anchor) == [Anchor("a"), Anchor("c")])
        #expect(rejections[0].field == "Email")
        #expect(rejections[0].reason.contains("uid=c,ou=people,dc=x") && rejections[0].reason.contains("Forms On Fire requires it unique"))
        #expect(rejections[1].reason.contains("uid=a,ou=people,dc=x"))
    }

    @Test func theUserWhoseSnapshotHoldsTheKeyKeepsIt() async throws {
        let prepared = try await Self.prepare([Self.user("a", mail: "ann@x.org"), Self.user("c", mail: "ANN@x.org")])
        let stored = [Anchor("a"): TargetPayload(["Email": .string("ann@x.org")])]
        let rejections = KeyCollisionRule.rejections(prepared.keyCollisions, of: prepared, vendor: .formsOnFire, stored: stored)
        #expect(rejections.map(\.anchor) == [Anchor("c")])
        #expect(rejections[0].reason.contains("uid=a,ou=people,dc=x already holds the account"))
    }

    @Test func distinctKeysCollideNever() async throws {
        let prepared = try await Self.prepare((0..<50).map { Self.user("u\($0)", mail: "u\($0)@x.org") })
        #expect(prepared.keyCollisions.isEmpty)
    }
}
