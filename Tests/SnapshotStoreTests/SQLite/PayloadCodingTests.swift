import DirBridgeCore
import Foundation
import Testing

@testable import SnapshotStore

@Suite("Payload coding: canonical JSON text")
struct PayloadCodingTests {
    static let tricky = TargetPayload([
        "name": .string("Zoë \"Z\" O'Brien\\Smith / 李 🎉"),
        "note": .string("line1\nline2\ttab\r\u{01}\u{1F}"),
        "empty": .string(""),
        "count": .int(-42),
        "big": .int(Int.max),
        "flag": .bool(false),
        "missing": .null,
        "roles": .list([.string("a"), .int(1), .list([]), .object([:])]),
        "manager": .object(["id": .string("m-1"), "active": .bool(true)]),
    ])

    @Test("Encoding then decoding gives back the same payload")
    func roundTrip() throws {
        let text = PayloadCoding.encode(Self.tricky)
        #expect(try PayloadCoding.decode(text) == Self.tricky)
    }

    @Test("Keys are sorted at every level, without whitespace")
    func canonicalOrder() {
        let payload = TargetPayload(["b": .int(1), "a": .object(["z": .null, "y": .bool(true)])])
        #expect(PayloadCoding.encode(payload) == #"{"a":{"y":true,"z":null},"b":1}"#)
    }

    @Test("Stored text is the hashed text: keys in UTF-8 byte order, even where String order differs")
    func storedTextIsTheHashedText() {
        // "e" + combining acute sorts after "f" as a String (it compares as "é") but before it
        // by UTF-8 bytes (0x65 < 0x66): the store must write exactly what the hash covers.
        let payload = TargetPayload(["f": .int(1), "e\u{301}": .object(["f": .int(2), "e\u{301}": .int(3)])])
        #expect(PayloadCoding.encode(payload) == payload.canonicalJSON)
        #expect(PayloadCoding.encode(payload) == "{\"e\u{301}\":{\"e\u{301}\":3,\"f\":2},\"f\":1}")
    }

    @Test("Foundation's JSON reads what we write, and we read what it writes")
    func interoperatesWithFoundation() throws {
        let ours = PayloadCoding.encode(Self.tricky)
        #expect(try JSONDecoder().decode(TargetPayload.self, from: Data(ours.utf8)) == Self.tricky)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let theirs = String(decoding: try encoder.encode(Self.tricky), as: UTF8.self)
        #expect(try PayloadCoding.decode(theirs) == Self.tricky)
    }

    @Test("Escaped surrogate pairs decode to one scalar")
    func surrogatePairs() throws {
        #expect(try PayloadCoding.decode(#"{"e":"\ud83c\udf89\u00e9"}"#) == TargetPayload(["e": .string("🎉é")]))
    }

    @Test(
        "Malformed payload text is an error, not a partial payload",
        arguments: [#"{"a":1"#, #"{"a":1.5}"#, #"[1,2]"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":1} x"#, "", #"{"a":"\ud83c"}"#])
    func rejectsMalformed(text: String) {
        #expect(throws: (any Error).self) { try PayloadCoding.decode(text) }
    }
}
