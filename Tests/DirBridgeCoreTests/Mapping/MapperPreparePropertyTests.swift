import TestSupport
import Testing
@testable import DirBridgeCore

/// `prepare` is an optimised fusion of `map`, `SchemaValidator.validate` and `payload.hash`:
/// on random directories it must agree with the straightforward composition exactly.
@Suite struct MapperPreparePropertyTests {
    static let mappingJSON = #"""
    {"vendor": "sertica", "fields": {
      "UserNo": {"template": "{employeeNumber}", "transforms": ["trim"]},
      "Login": {"template": "{uid}", "transforms": ["lower"], "required": true},
      "Name": {"template": "{givenName} {sn}", "transforms": ["trim"]},
      "Access": {"source": "enabled"},
      "Language": {"constant": "en"},
      "ExternalGroupNo": {"source": "groups", "lookup": {"cn=ops,dc=x": "OPS", "cn=dev,dc=x": "DEV"}, "multiple": "first"},
      "SignOff": {"template": "{accountExpires}", "transforms": ["date"]},
      "Nickname": {"template": "{displayName}"}
    }}
    """#

    static func reference(_ users: [DirectoryUser], _ mapper: Mapper, _ schema: VendorSchema) -> PreparedUsers {
        var accepted: [TargetUser] = []
        var rejected: [Rejection] = []
        for user in users {
            switch mapper.map(user) {
            case .failure(let failure):
                if user.enabled {
                    rejected += failure.errors.map(\.rejection)
                } else {
                    accepted.append(TargetUser(anchor: user.anchor, dn: user.dn, enabled: false, payload: TargetPayload()))
                }
            case .success(let target):
                let rejections = user.enabled ? SchemaValidator.validate(target, against: schema) : []
                if rejections.isEmpty {
                    accepted.append(target)
                } else {
                    rejected += rejections
                }
            }
        }
        return PreparedUsers(accepted: accepted, rejections: rejected)
    }

    @Test(arguments: 1...20)
    func prepareMatchesMapThenValidateThenHash(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(Self.mappingJSON))
        let users = (0..<60).map { index -> DirectoryUser in
            var attributes: [String: [String]] = [:]
            if random.chance(90) { attributes["uid"] = ["User\(index)"] }
            if random.chance(90) { attributes["employeeNumber"] = [random.chance(5) ? String(repeating: "9", count: 25) : " \(index) "] }
            if random.chance(80) { attributes["givenName"] = ["Given \"\(index)\""] }
            if random.chance(80) { attributes["sn"] = [random.chance(10) ? String(repeating: "é", count: 90) : "Sn\\\(index)"] }
            if random.chance(30) { attributes["accountExpires"] = [random.chance(20) ? "soon" : "1335117600000\(Int.random(in: 10000...99999, using: &random))"] }
            if random.chance(10) { attributes["displayName"] = ["nick"] }
            let groups = ["cn=ops,dc=x", "CN=Dev,DC=x", "cn=other,dc=x"].filter { _ in random.chance(40) }
            return DirectoryUser(anchor: Anchor("a\(index)"), dn: "uid=\(index),dc=x", enabled: random.chance(80), attributes: attributes, groups: groups)
        }
        let fast = mapper.prepare(users, schema: .sertica)
        let slow = Self.reference(users, mapper, .sertica)
        #expect(fast == slow)
        #expect(fast.accepted.map(\.payload.hash) == (0..<fast.count).map { fast.payloadHashes[$0] })
        for index in 0..<fast.count {
            #expect(fast.payloadHashes.hash(at: index, equals: fast.payload(at: index).hash))
            #expect(!fast.payloadHashes.hash(at: index, equals: String(fast.payload(at: index).hash.reversed())))
        }
        #expect(!fast.rejections.isEmpty && !fast.accepted.isEmpty, "the generator must exercise both paths")
    }

    @Test func preparingInConcurrentPartsGivesTheSameResultInTheSameOrder() async throws {
        var random = SplitMix64(seed: 7)
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(Self.mappingJSON))
        // Enough users to be split (4,096 and up), some rejected, some disabled.
        let users = (0..<5_003).map { index -> DirectoryUser in
            var attributes: [String: [String]] = ["givenName": ["G\(index)"], "sn": ["S"]]
            if random.chance(97) { attributes["uid"] = ["user\(index)"] }
            attributes["employeeNumber"] = [random.chance(2) ? String(repeating: "9", count: 25) : "\(index)"]
            return DirectoryUser(anchor: Anchor("a\(index)"), dn: "uid=\(index),dc=x", enabled: random.chance(90), attributes: attributes, groups: ["cn=ops,dc=x"])
        }
        let whole = mapper.prepare(users, schema: .sertica)
        let split = await mapper.prepare(users, schema: .sertica, parts: 3)
        #expect(split.count == whole.count)
        #expect(split.payloadHashes == whole.payloadHashes)
        #expect(split.rejections == whole.rejections)
        #expect((0..<split.count).map(split.anchor(at:)) == (0..<whole.count).map(whole.anchor(at:)))
        #expect(!whole.rejections.isEmpty && whole.count > 4_000)
    }

    @Test func createsPlannedFromPreparedUsersCarryTheHashedPayload() throws {
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(Self.mappingJSON))
        let users = (0..<20).map {
            DirectoryUser(anchor: Anchor("a\($0)"), dn: "uid=\($0),dc=x", enabled: true,
                          attributes: ["uid": ["User\($0)"], "employeeNumber": ["\($0)"], "givenName": ["G"], "sn": ["S"]],
                          groups: $0.isMultiple(of: 2) ? ["cn=ops,dc=x"] : ["CN=Dev,DC=x"])
        }
        let prepared = mapper.prepare(users, schema: .sertica)
        let plan = DiffEngine.plan(DiffInput(target: "t", vendor: .sertica, prepared: prepared, snapshot: [], policy: SyncPolicy()))
        #expect(plan.actions.count == users.count)
        for action in plan.actions {
            let user = try #require(users.first { $0.anchor == action.anchor })
            let expected = try mapper.map(user).get().payload
            #expect(action.kind == .create)
            #expect(action.payload == expected)
            #expect(action.payloadHash == expected.hash)
            #expect(action.changes.map(\.field) == expected.fields.keys.sorted())
            #expect(action.changes.allSatisfy { $0.old == nil })
            #expect(action.materialized() == action)
        }
    }
}
