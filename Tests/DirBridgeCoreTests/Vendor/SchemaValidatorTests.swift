import Testing
@testable import DirBridgeCore

@Suite struct SchemaValidatorTests {
    static func user(_ fields: [String: FieldValue]) -> TargetUser {
        TargetUser(anchor: Anchor("a1"), dn: "uid=ann,dc=example,dc=org", enabled: true, payload: TargetPayload(fields))
    }

    static let validSertica: [String: FieldValue] = [
        "UserNo": .string("1001"), "Login": .string("ann"), "Language": .string("en"),
        "Access": .bool(true), "ExternalGroupNo": .string("OPS"),
    ]

    func reasons(_ fields: [String: FieldValue], _ schema: VendorSchema) -> [String] {
        SchemaValidator.validate(Self.user(fields), against: schema).map(\.reason)
    }

    @Test func validUserPasses() {
        #expect(reasons(Self.validSertica, .sertica).isEmpty)
    }

    @Test func lengthRequiredAndTypeViolationsNameTheField() {
        var fields = Self.validSertica
        fields["Name"] = .string(String(repeating: "x", count: 93))
        fields["Login"] = nil
        fields["Access"] = .string("yes")
        fields["SignOff"] = .string("2024-01-31")
        let rejections = SchemaValidator.validate(Self.user(fields), against: .sertica)
        #expect(rejections.map(\.reason) == [
            "required field Login is missing",
            "Access must be a bool, got text 'yes'",
            "Name is 93 characters, limit is 80",
            "SignOff must be an ISO-8601 date-time with offset (2026-01-11T09:34:47+02:00), got '2024-01-31'",
        ])
        #expect(rejections.allSatisfy { $0.anchor == Anchor("a1") && $0.dn == "uid=ann,dc=example,dc=org" })
        #expect(rejections.map(\.field) == ["Login", "Access", "Name", "SignOff"])
    }

    @Test func lengthIsCountedInUTF16UnitsLikeDotNet() {
        var fields = Self.validSertica
        fields["UserNo"] = .string(String(repeating: "😀", count: 10))
        #expect(reasons(fields, .sertica) == ["UserNo is 20 characters, limit is 20"].filter { _ in false })
        fields["UserNo"] = .string(String(repeating: "😀", count: 11))
        #expect(reasons(fields, .sertica) == ["UserNo is 22 characters, limit is 20"])
    }

    @Test func datesAcceptOffsetsAndZulu() {
        for good in ["2026-01-11T09:34:47.653726+02:00", "2026-01-11T09:34:47Z", "2026-01-11T09:34:47-05:00"] {
            #expect(SchemaValidator.isISO8601WithOffset(good), "\(good)")
        }
        for bad in ["2026-01-11T09:34:47", "2026-01-11 09:34:47Z", "2026-01-11T09:34:47+0200", "2026-01-11T09:34:47.Z"] {
            #expect(!SchemaValidator.isISO8601WithOffset(bad), "\(bad)")
        }
    }

    @Test func expointsTypeAndRoles() {
        let base: [String: FieldValue] = ["Username": .string("ann"), "Type": .string("Internal"), "Roles": .list([.object(["Id": .string("g")])])]
        #expect(reasons(base, .expoints).isEmpty)
        var contractor = base
        contractor["Type"] = .string("Contractor")
        #expect(reasons(contractor, .expoints) == ["Type must be one of Internal, External, got 'Contractor'"])
        var flatRoles = base
        flatRoles["Roles"] = .list([.string("g")])
        #expect(reasons(flatRoles, .expoints) == ["Roles must be a list of objects with Id, got g"])
        var noRoles = base
        noRoles["Roles"] = .list([])
        #expect(reasons(noRoles, .expoints) == ["required field Roles is missing"])
    }

    @Test func ariaNeverSendsLastLoginTimeNorUnknownFields() {
        let fields: [String: FieldValue] = ["username": .string("ann"), "enabled": .bool(true), "Last login time": .int(0), "nickname": .string("a")]
        #expect(reasons(fields, .ariaOperations) == [
            "Last login time must never be sent to aria-operations: a documentation glitch the API rejects; login time is the vendor's, never sent",
            "nickname is not a aria-operations field",
        ])
    }

    @Test func schemaFacts() {
        #expect(VendorSchema.builtIn(.sertica).secretFields == ["Password"])
        #expect(VendorSchema.builtIn(.ariaOperations).secretFields == ["password"])
        #expect(VendorSchema.builtIn(.formsOnFire).secretFields == ["IntegrationKey", "Password", "ProviderId"])
        #expect(VendorSchema.formsOnFire["ExternalId"]?.maxLength == 50)
        for vendor in VendorKind.allCases {
            let schema = VendorSchema.builtIn(vendor)
            #expect(schema.vendor == vendor)
            #expect(schema.naturalKeys.allSatisfy { schema[$0] != nil }, "\(vendor) natural keys are declared fields")
        }
        #expect(VendorSchema.formsOnFire.naturalKey(of: TargetPayload(["Email": .string("a@x")]))?.field == "Email")
        #expect(VendorSchema.formsOnFire.naturalKey(of: TargetPayload(["Email": .string("a@x"), "ExternalId": .string("e1")]))?.value == "e1")
    }

    @Test func mappingProblemsAreFoundAtLoadTime() throws {
        let mapping = Mapping(vendor: .ariaOperations, fields: [
            "username": FieldRule(source: .template(try Template(parsing: "{uid}"))),
            "lastLoginTime": FieldRule(source: .constant(.int(0))),
            "nick": FieldRule(source: .constant(.string("x"))),
        ])
        let problems = SchemaValidator.problems(in: mapping, against: .ariaOperations)
        #expect(problems.map(\.field) == ["lastLoginTime", "nick", "enabled"])
        #expect(problems[2].reason == "required by aria-operations but not mapped")
    }
}
