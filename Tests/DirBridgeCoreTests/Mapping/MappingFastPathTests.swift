import Testing
@testable import DirBridgeCore

/// The mapping hot path skips work for common input (Latin-1 text, short text, keys that cannot
/// match a lookup table); these pin that the shortcuts give the general path's answers.
@Suite struct MappingFastPathTests {
    @Test func latin1CaseMappingMatchesTheStandardLibrary() throws {
        for text in ["", "ann@example.org", "Ann@Example.ORG", "ANN", "a1-_.Z", "user 42 [x]", "ÆBLE Ø", "Jürgen Groß", "ÿ µ × ÷"] {
            #expect((Latin1Case.lowercased(text) ?? text.lowercased()) == text.lowercased(), "\(text)")
            #expect((Latin1Case.uppercased(text) ?? text.uppercased()) == text.uppercased(), "\(text)")
        }
        // Every Latin-1 scalar, alone and between letters: the shortcut answers as the library
        // does, or leaves the answer to it.
        for value in UInt32(0)...0xFF {
            let scalar = String(Character(Unicode.Scalar(value)!))
            for text in [scalar, "A\(scalar)z"] {
                if let lower = Latin1Case.lowercased(text) { #expect(lower == text.lowercased(), "U+\(String(value, radix: 16))") }
                if let upper = Latin1Case.uppercased(text) { #expect(upper == text.uppercased(), "U+\(String(value, radix: 16))") }
            }
        }
        #expect(Latin1Case.lowercased("ÆRØ") == "ærø")
        #expect(Latin1Case.uppercased("straße") == nil)
        #expect(Latin1Case.lowercased("Łódź") == nil)
        #expect(try Transform.lower.apply(to: .string("ÆBLE Ø")) == .string("æble ø"))
        #expect(try Transform.upper.apply(to: .string("straße")) == .string("STRASSE"))
    }

    @Test func truncateCountsUTF16UnitsAsTheSchemaCheckDoesNeverSplittingACharacter() throws {
        #expect(try Transform.truncate(2).apply(to: .string("Ærø")) == .string("Ær"))
        #expect(try Transform.truncate(3).apply(to: .string("Ærø")) == .string("Ærø"))
        // Five UTF-8 bytes, three UTF-16 units, two characters.
        #expect(try Transform.truncate(3).apply(to: .string("e\u{301}é")) == .string("e\u{301}é"))
        #expect(try Transform.truncate(2).apply(to: .string("e\u{301}é")) == .string("e\u{301}"))
        #expect(try Transform.truncate(1).apply(to: .string("e\u{301}é")) == .string(""), "the accent is never cut off its letter")
        #expect(try Transform.truncate(4).apply(to: .string("abcd")) == .string("abcd"))
    }

    @Test func lookupMatchesCaseInsensitivelyWhateverTheKeyLooksLike() {
        let table = ValueLookup(entries: [
            .init(match: "CN=Ops,OU=Groups,DC=example,DC=org", value: .string("OPS")),
            .init(match: "cn=dev,ou=groups,dc=example,dc=org", value: .string("DEV")),
            .init(match: "cn=Ærø,dc=x", value: .string("AERO")),
            // U+212A KELVIN SIGN lowercases to ASCII "k": an ASCII key must still find it.
            .init(match: "\u{212A}", value: .string("KELVIN")),
            .init(match: "cn=dev2,dc=x", value: .string("DEV")),
        ])
        #expect(table.resolve(["cn=ops,ou=groups,dc=example,dc=org"]) == .list([.string("OPS")]))
        #expect(table.resolve(["CN=DEV,OU=GROUPS,DC=EXAMPLE,DC=ORG", "cn=other,dc=x"]) == .list([.string("DEV")]))
        #expect(table.resolve(["CN=ÆRØ,DC=X"]) == .list([.string("AERO")]))
        #expect(table.resolve(["K"]) == .list([.string("KELVIN")]))
        #expect(table.resolve(["cn=nobody,dc=x", "cn=opz,ou=groups,dc=example,dc=org"]) == .list([]))
        // Table order decides, equal values appear once.
        #expect(table.resolve(["cn=dev2,dc=x", "k", "cn=dev,ou=groups,dc=example,dc=org", "cn=ops,ou=groups,dc=example,dc=org"])
            == .list([.string("OPS"), .string("DEV"), .string("KELVIN")]))
    }

    @Test func lookupResultsAreShapedForNoOneAndSeveralMatches() {
        let entries: [ValueLookup.Entry] = [.init(match: "a", value: .int(1)), .init(match: "b", value: .int(2))]
        let objects = ValueLookup(entries: entries, objectKey: "Id", defaultValue: .int(0))
        #expect(objects.resolve([]) == .list([.object(["Id": .int(0)])]))
        #expect(objects.resolve(["B"]) == .list([.object(["Id": .int(2)])]))
        #expect(objects.resolve(["b", "a"]) == .list([.object(["Id": .int(1)]), .object(["Id": .int(2)])]))
        let first = ValueLookup(entries: entries, multiple: .first)
        #expect(first.resolve(["x"]) == .null)
        #expect(first.resolve(["b"]) == .int(2))
        #expect(first.resolve(["b", "a"]) == .int(1))
        #expect(ValueLookup(entries: entries).resolve(["x"]) == .list([]))
    }
}
