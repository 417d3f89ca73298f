import DirBridgeCore
import Testing

@testable import SnapshotStore

@Suite("Key value probe over stored payload text")
struct KeyValueProbeTests {
    private func text(_ fields: [String: FieldValue]) -> String { TargetPayload(fields).canonicalJSON }

    @Test("lets through a payload whose field holds one of the values, whatever the case, and keeps out the others")
    func matchesTheFieldOnly() {
        let probe = KeyValueProbe(field: "mail", lowercasedValues: ["ann@example.org", "12345"])
        #expect(probe.mayHold(text(["mail": .string("Ann@Example.ORG"), "title": .string("x")])))
        #expect(!probe.mayHold(text(["mail": .string("bob@example.org"), "title": .string("ann@example.org")])))
        #expect(!probe.mayHold(text(["email": .string("ann@example.org")])))
        #expect(!probe.mayHold(text(["mail": .string("ann@example.org.uk")])))
        #expect(!probe.mayHold(text(["mail": .null])))
        #expect(!probe.mayHold(text([:])))
        // An integer key counts by its decimal text, as UniqueKeyHashes writes it.
        #expect(KeyValueProbe(field: "employeeNo", lowercasedValues: ["12345"]).mayHold(text(["employeeNo": .int(12345)])))
        #expect(!KeyValueProbe(field: "employeeNo", lowercasedValues: ["12345"]).mayHold(text(["employeeNo": .int(123456)])))
    }

    @Test("never keeps out what only decoding can judge: escapes, text beyond ASCII, a nested key of the same name")
    func letsThroughWhatItCannotJudge() {
        let probe = KeyValueProbe(field: "mail", lowercasedValues: ["ann@example.org"])
        // U+212A KELVIN SIGN lowercases to an ASCII k: its holder must reach the decoder.
        let kelvin = KeyValueProbe(field: "user", lowercasedValues: ["kim"])
        #expect(kelvin.mayHold(text(["user": .string("\u{212A}im")])))
        #expect(probe.mayHold(text(["mail": .string(#"ann"@example.org"#)])))
        #expect(probe.mayHold(text(["manager": .object(["mail": .string("ann@example.org")]), "mail": .string("bob@example.org")])))
    }

    @Test("one probe answers for any number of values in one pass")
    func manyValues() {
        let values = Set((0..<5_000).map { "user\($0)@example.org" })
        let probe = KeyValueProbe(field: "mail", lowercasedValues: values)
        #expect(probe.mayHold(text(["mail": .string("USER4999@example.org")])))
        #expect(!probe.mayHold(text(["mail": .string("user5000@example.org")])))
    }
}
