import Testing
@testable import DirBridgeCore

/// `truncate` and the schema check count the same units, so a value cut to a limit passes it.
@Suite struct FieldLengthTests {
    @Test(arguments: [
        String(repeating: "😀", count: 60),  // 2 UTF-16 units each
        String(repeating: "e\u{301}", count: 70),  // a combining accent: 2 units, 1 character
        String(repeating: "漢", count: 90), "Ǻnnä " + String(repeating: "👩‍👩‍👧", count: 20),
    ])
    func aValueTruncatedToTheLimitPassesTheSchemaCheck(text: String) throws {
        let cut = FieldLength.truncated(text, to: 80)
        #expect(FieldLength.of(cut) <= 80)
        #expect(text.hasPrefix(cut) && cut.count <= text.count, "cut at a character boundary")
        let spec = FieldSpec("Name", maxLength: 80)
        #expect(SchemaValidator.problem(with: .string(cut), for: spec) == nil)
        #expect(SchemaValidator.problem(with: .string(text), for: spec) != nil)
    }

    @Test func theTruncateTransformUsesTheSameCount() throws {
        let rule = try MappingDecodingTests.decode(#"{"vendor": "sertica", "fields": {"Name": {"template": "{cn}", "transforms": [{"truncate": 80}]}}}"#)
        let user = DirectoryUser(anchor: Anchor("a"), dn: "cn=x", enabled: true,
                                 attributes: ["cn": [String(repeating: "😀", count: 60)]], groups: [])
        guard case .string(let name)? = try Mapper(mapping: rule).map(user).get().payload["Name"] else {
            Issue.record("no Name")
            return
        }
        #expect(name.utf16.count == 80 && name.count == 40)
    }
}
