import Foundation
import TestSupport
import Testing
@testable import DirBridgeCore

@Suite struct MapperTests {
    static let ops = "cn=ops,ou=groups,dc=example,dc=org"
    static let dev = "cn=dev,ou=groups,dc=example,dc=org"

    static func user(_ attributes: [String: [String]] = [:], groups: [String] = [], enabled: Bool = true) -> DirectoryUser {
        DirectoryUser(anchor: Anchor("g-1"), dn: "uid=ann,ou=people,dc=example,dc=org", enabled: enabled, attributes: attributes, groups: groups)
    }

    static func map(_ fields: String, _ user: DirectoryUser) throws -> Result<TargetUser, MappingFailure> {
        Mapper(mapping: try MappingDecodingTests.decode(MappingDecodingTests.fields(fields))).map(user)
    }

    static func value(_ rule: String, _ user: DirectoryUser) throws -> FieldValue? {
        try map(#""F": "# + rule, user).get().payload["F"]
    }

    @Test func mapsTheDocumentedSerticaMapping() throws {
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(MappingDecodingTests.sertica))
        let user = Self.user(["employeeNumber": [" 1001 "], "givenName": ["Ann"], "sn": ["Smith"], "uid": ["ASmith"]], groups: ["CN=Ops,OU=Groups,DC=example,DC=org"])
        let mapped = try mapper.map(user).get()
        #expect(mapped.payload == TargetPayload([
            "UserNo": .string("1001"), "Name": .string("Ann Smith"), "Access": .bool(true),
            "ExternalGroupNo": .string("OPS"), "Language": .string("en"), "Login": .string("asmith"),
        ]))
        #expect(mapped.anchor == user.anchor && mapped.dn == user.dn && mapped.enabled)
    }

    @Test func missingAttributeRendersEmptyThenDefaultAppliesElseFieldIsOmitted() throws {
        #expect(try Self.value(#"{"template": "{title}", "default": "n/a"}"#, Self.user()) == .string("n/a"))
        #expect(try Self.value(#"{"template": "{title}"}"#, Self.user()) == nil)
        #expect(try Self.value(#"{"attribute": "mail"}"#, Self.user()) == nil)
    }

    @Test func requiredEmptyFieldIsAnErrorNamingTheMissingAttribute() throws {
        let result = try Self.map(#""UserNo": {"template": "{employeeNumber}", "required": true}, "Bad": {"source": "enabled", "transforms": ["lower"]}"#, Self.user())
        guard case .failure(let failure) = result else { Issue.record("expected failure"); return }
        #expect(failure.errors.map(\.field) == ["Bad", "UserNo"])
        #expect(failure.errors[0].reason == "lower applies to text, got true")
        #expect(failure.errors[1].reason.contains("attribute employeenumber missing"))
        #expect(failure.errors[1].rejection.dn == "uid=ann,ou=people,dc=example,dc=org")
    }

    @Test func textTransforms() throws {
        let user = Self.user(["cn": ["  Ann Smith \n"], "mail": ["Ann@Example.ORG", "ann2@example.org"], "phone": ["+45 (12) 34-56"]])
        #expect(try Self.value(#"{"template": "{mail}", "transforms": ["lower"]}"#, user) == .string("ann@example.org"))
        #expect(try Self.value(#"{"template": "{mail}", "transforms": ["upper"]}"#, user) == .string("ANN@EXAMPLE.ORG"))
        #expect(try Self.value(#"{"template": "{cn}", "transforms": ["trim", {"truncate": 3}]}"#, user) == .string("Ann"))
        #expect(try Self.value(#"{"template": "{cn}", "transforms": [{"truncate": 4}]}"#, user) == .string("  An"))
        #expect(try Self.value(#"{"attribute": "mail", "transforms": ["first", "lower"]}"#, user) == .string("ann@example.org"))
        #expect(try Self.value(#"{"attribute": "MAIL", "transforms": ["lower"]}"#, user) == .list([.string("ann@example.org"), .string("ann2@example.org")]))
        #expect(try Self.value(#"{"template": "{phone}", "transforms": [{"replace": {"pattern": "[^0-9+]", "with": ""}}]}"#, user) == .string("+45123456"))
        #expect(try Self.value(#"{"template": "{mail}", "transforms": [{"replace": {"pattern": "^([^@]+)@.*$", "with": "$1"}}]}"#, user) == .string("Ann"))
        #expect(try Self.value(#"{"constant": 7}"#, user) == .int(7))
        #expect(try Self.value(#"{"constant": false}"#, user) == .bool(false))
        #expect(try Self.value(#"{"source": "dn"}"#, user) == .string("uid=ann,ou=people,dc=example,dc=org"))
        #expect(try Self.value(#"{"source": "anchor"}"#, user) == .string("g-1"))
    }

    @Test func dates() throws {
        let user = Self.user([
            "modifyTimestamp": ["20240131120000Z"], "shifted": ["20240131120000.5+0130"],
            "accountExpires": ["133511760000000000"], "never": ["9223372036854775807"], "zero": ["0"], "bad": ["yesterday"],
        ])
        #expect(try Self.value(#"{"template": "{modifyTimestamp}", "transforms": ["date"]}"#, user) == .string("2024-01-31T12:00:00+00:00"))
        #expect(try Self.value(#"{"template": "{shifted}", "transforms": ["date"]}"#, user) == .string("2024-01-31T10:30:00+00:00"))
        #expect(try Self.value(#"{"template": "{accountExpires}", "transforms": ["date"]}"#, user) == .string("2024-01-31T12:00:00+00:00"))
        #expect(try Self.value(#"{"template": "{accountExpires}", "transforms": [{"date": {"timeZone": "Europe/Copenhagen"}}]}"#, user) == .string("2024-01-31T13:00:00+01:00"))
        #expect(try Self.value(#"{"template": "{modifyTimestamp}", "transforms": [{"date": "yyyy-MM-dd HH:mm"}]}"#, user) == .string("2024-01-31 12:00"))
        #expect(try Self.value(#"{"template": "{never}", "transforms": ["date"]}"#, user) == nil)
        #expect(try Self.value(#"{"template": "{absent}", "transforms": ["date"], "default": "none"}"#, user) == .string("none"))
        #expect(try Self.value(#"{"template": "{zero}", "transforms": ["date"], "default": "2099-12-31T00:00:00+00:00"}"#, user) == .string("2099-12-31T00:00:00+00:00"))
        let failure = try Self.map(#""SignOff": {"template": "{bad}", "transforms": ["date"]}"#, user)
        guard case .failure(let errors) = failure else { Issue.record("expected failure"); return }
        #expect(errors.errors.first?.field == "SignOff")
        #expect(errors.errors.first?.reason.contains("'yesterday' is neither LDAP GeneralizedTime") == true)
    }

    @Test func dateArithmeticMatchesFoundationAcrossCenturies() throws {
        var random = SplitMix64(seed: 99)
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...6_000_000_000, using: &random)
            let iso = DateConversion.iso8601(seconds, offsetSeconds: 0)
            let formatter = ISO8601DateFormatter()
            #expect(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))) == iso.replacingOccurrences(of: "+00:00", with: "Z"))
        }
    }

    @Test func groupLookups() throws {
        let user = Self.user(groups: ["CN=Dev,OU=Groups,DC=example,DC=org", Self.ops, "cn=other,dc=example,dc=org"])
        let single = #"{"source": "groups", "lookup": {"\#(Self.ops)": "OPS", "\#(Self.dev)": "DEV"}, "multiple": "first", "default": "STAFF"}"#
        #expect(try Self.value(single, user) == .string("DEV"), "map form is ordered by key: cn=dev before cn=ops")
        #expect(try Self.value(single, Self.user(groups: ["cn=x"])) == .string("STAFF"))

        let priority = #"{"source": "groups", "lookup": [{"match": "\#(Self.ops)", "value": "OPS"}, {"match": "\#(Self.dev)", "value": "DEV"}], "multiple": "first"}"#
        #expect(try Self.value(priority, user) == .string("OPS"))

        let roles = #"{"source": "groups", "lookup": {"\#(Self.ops)": "Operator", "\#(Self.dev)": "Operator", "cn=admins,dc=x": "Admin"}}"#
        #expect(try Self.value(roles, user) == .list([.string("Operator")]), "duplicates collapse")
        #expect(try Self.value(roles, Self.user(groups: [])) == nil, "no match and no default: field omitted")

        let expoints = #"{"source": "groups", "lookup": {"\#(Self.ops)": "dc4f2229-e16b-4286-bbd8-9606b83134be"}, "objectKey": "Id", "default": "00000000-0000-0000-0000-000000000001"}"#
        #expect(try Self.value(expoints, user) == .list([.object(["Id": .string("dc4f2229-e16b-4286-bbd8-9606b83134be")])]))
        #expect(try Self.value(expoints, Self.user()) == .list([.object(["Id": .string("00000000-0000-0000-0000-000000000001")])]))

        let transformForm = #"{"template": "{department}", "transforms": [{"lookup": {"map": {"Sales": "S"}, "multiple": "first", "default": "X"}}]}"#
        #expect(try Self.value(transformForm, Self.user(["department": ["SALES"]])) == .string("S"))
        #expect(try Self.value(transformForm, Self.user()) == .string("X"))
    }

    @Test func prepareSplitsAcceptedAndRejected() throws {
        let mapping = try MappingDecodingTests.decode(MappingDecodingTests.sertica)
        let good = DirectoryUser(anchor: Anchor("1"), dn: "uid=good", enabled: true, attributes: ["employeeNumber": ["1"], "uid": ["good"]], groups: [])
        let noNumber = DirectoryUser(anchor: Anchor("2"), dn: "uid=nonumber", enabled: true, attributes: ["uid": ["nonumber"]], groups: [])
        let longName = DirectoryUser(anchor: Anchor("3"), dn: "uid=long", enabled: true, attributes: ["employeeNumber": ["123456789012345678901"], "uid": ["long"]], groups: [])
        let prepared = Mapper(mapping: mapping).prepare([good, noNumber, longName], schema: .sertica)
        #expect(prepared.accepted.map(\.anchor) == [Anchor("1")])
        #expect(prepared.rejections.map(\.anchor) == [Anchor("2"), Anchor("3")])
        #expect(prepared.rejections[1].reason == "UserNo is 21 characters, limit is 20")
    }
}

@Suite struct MapperDeprovisioningTests {
    /// AD often strips a leaver's attributes when disabling: the mapping then fails, but the
    /// leaver must still be disabled at the vendor.
    @Test func leaverWithStrippedAttributesIsDisabledNotRejected() throws {
        let mapping = try MappingDecodingTests.decode(MappingDecodingTests.sertica)
        let mapper = Mapper(mapping: mapping)
        let joined = DirectoryUser(anchor: Anchor("1"), dn: "uid=ann", enabled: true, attributes: ["employeeNumber": ["1"], "uid": ["ann"]], groups: [])
        let first = mapper.prepare([joined], schema: .sertica)
        let snapshot = DiffFixtures.apply(
            DiffEngine.plan(DiffInput(target: "t", vendor: .sertica, users: first.accepted, rejections: first.rejections, snapshot: [], policy: SyncPolicy())),
            to: []
        )
        #expect(snapshot.map(\.state) == [.active])

        let stripped = DirectoryUser(anchor: Anchor("1"), dn: "uid=ann", enabled: false, attributes: [:], groups: [])
        let second = mapper.prepare([stripped], schema: .sertica)
        #expect(second.rejections.isEmpty)
        let plan = DiffEngine.plan(DiffInput(target: "t", vendor: .sertica, users: second.accepted, rejections: second.rejections, snapshot: snapshot, policy: SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100))))
        #expect(plan.actions.map(\.kind) == [.disable])
        #expect(plan.actions.first?.payload == snapshot[0].payload, "the disable carries the last payload sent")
    }

    @Test func enabledUserWithBrokenMappingIsRejectedAndKeepsItsRecord() throws {
        let mapper = Mapper(mapping: try MappingDecodingTests.decode(MappingDecodingTests.sertica))
        let broken = DirectoryUser(anchor: Anchor("1"), dn: "uid=ann", enabled: true, attributes: [:], groups: [])
        let prepared = mapper.prepare([broken], schema: .sertica)
        #expect(prepared.accepted.isEmpty)
        let record = SnapshotRecord(target: "t", anchor: Anchor("1"), dn: "uid=ann", vendorId: "1", payloadHash: "h", payload: nil, state: .active, createdAt: DiffFixtures.epoch, updatedAt: DiffFixtures.epoch)
        let plan = DiffEngine.plan(DiffInput(target: "t", vendor: .sertica, users: prepared.accepted, rejections: prepared.rejections, snapshot: [record], policy: SyncPolicy()))
        #expect(plan.actions.isEmpty)
        #expect(plan.blockedReason == nil, "rejections are not an empty directory read")
        #expect(plan.summary.rejected == 1)
    }

    @Test func documentedMappingFitsTheSerticaSchema() throws {
        #expect(SchemaValidator.problems(in: try MappingDecodingTests.decode(MappingDecodingTests.sertica), against: .sertica).isEmpty)
    }
}
