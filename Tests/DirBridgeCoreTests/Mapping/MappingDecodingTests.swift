import Foundation
import Testing
@testable import DirBridgeCore

/// JSON is the YAML subset the core can decode without Yams; the loader feeds the same shapes.
@Suite struct MappingDecodingTests {
    static let sertica = #"""
    {
      "vendor": "sertica",
      "fields": {
        "UserNo": { "template": "{employeeNumber}", "transforms": ["trim"], "required": true },
        "Name": { "template": "{givenName} {sn}", "transforms": ["trim", {"truncate": 80}] },
        "Access": { "source": "enabled" },
        "ExternalGroupNo": { "source": "groups", "lookup": { "cn=ops,ou=groups,dc=example,dc=org": "OPS" }, "default": "STAFF", "multiple": "first" },
        "Language": { "constant": "en" },
        "Login": { "template": "{uid}", "transforms": ["lower"], "required": true }
      }
    }
    """#

    static func decode(_ json: String) throws -> Mapping {
        try JSONDecoder().decode(Mapping.self, from: Data(json.utf8))
    }

    static func decodeError(_ json: String) -> MappingDecodeError? {
        do {
            _ = try decode(json)
            return nil
        } catch {
            return error as? MappingDecodeError
        }
    }

    static func fields(_ body: String) -> String { #"{"vendor":"sertica","fields":{"# + body + "}}" }

    @Test func decodesTheDocumentedShape() throws {
        let mapping = try Self.decode(Self.sertica)
        #expect(mapping.vendor == .sertica)
        #expect(mapping.fields["Access"] == FieldRule(source: .enabled))
        #expect(mapping.fields["Language"] == FieldRule(source: .constant(.string("en"))))
        #expect(mapping.fields["Name"]?.transforms == [.trim, .truncate(80)])
        #expect(mapping.fields["UserNo"]?.required == true)
        guard case .lookup(let lookup)? = mapping.fields["ExternalGroupNo"]?.transforms.first else {
            Issue.record("shorthand lookup must become the first transform")
            return
        }
        #expect(lookup.multiple == .first)
        #expect(lookup.defaultValue == .string("STAFF"))
    }

    @Test func encodingRoundTrips() throws {
        let mapping = try Self.decode(Self.sertica)
        let again = try JSONDecoder().decode(Mapping.self, from: JSONEncoder().encode(mapping))
        #expect(again == mapping)
    }

    @Test func unknownTransformNamesTheField() {
        let error = Self.decodeError(Self.fields(#""Name": {"template": "{cn}", "transforms": ["trim", "titlecase"]}"#))
        #expect(error?.field == "Name")
        #expect(error?.reason.contains("unknown transform 'titlecase'") == true)
        #expect(error?.codingPath == ["fields", "Name", "transforms", "1"])
    }

    @Test func unknownSourceNamesTheField() {
        let error = Self.decodeError(Self.fields(#""Access": {"source": "enabledd"}"#))
        #expect(error?.field == "Access")
        #expect(error?.reason.contains("unknown source 'enabledd'") == true)
    }

    @Test func templateErrorNamesFieldAndPosition() {
        let error = Self.decodeError(Self.fields(#""Name": {"template": "{givenName} {sn"}"#))
        #expect(error?.field == "Name")
        #expect(error?.reason.contains("at position 13") == true)
        #expect(error?.description.hasPrefix("field Name") == true)
    }

    @Test func structuralMistakesAreLoadErrors() {
        #expect(Self.decodeError(Self.fields(#""A": {"template": "{x}", "constant": 1}"#))?.reason.contains("more than one source") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"transforms": ["trim"]}"#))?.reason.contains("has no source") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": 1, "tranforms": []}"#))?.reason.contains("unknown key 'tranforms'") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": "x", "multiple": "first"}"#))?.reason.contains("only applies together with 'lookup'") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": "x", "transforms": [{"truncate": 0}]}"#))?.reason.contains("positive") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": "x", "transforms": [{"replace": {"pattern": "(", "with": ""}}]}"#))?.reason.contains("invalid regular expression") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": "x", "transforms": [{"date": {"timeZone": "Mars/Olympus"}}]}"#))?.reason.contains("unknown time zone") == true)
        #expect(Self.decodeError(Self.fields(#""A": {"constant": "x", "transforms": ["truncate"]}"#))?.reason.contains("needs a parameter") == true)
        #expect(Self.decodeError(#"{"vendor":"sap","fields":{}}"#)?.reason.contains("unknown vendor 'sap'") == true)
        let listTypo = Self.decodeError(Self.fields(#""G": {"source": "groups", "lookup": [{"match": "cn=a", "valu": "A"}]}"#))
        #expect(listTypo?.field == "G")
        #expect(listTypo?.codingPath.contains("value") == true)
        let typeError = Self.decodeError(Self.fields(#""A": {"constant": "x", "transforms": [{"truncate": "ten"}]}"#))
        #expect(typeError?.field == "A")
    }
}
