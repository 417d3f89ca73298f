import Testing
@testable import DirBridgeCore

@Suite struct PayloadHashListTests {
    static let vectors = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ]

    @Test func storedDigestsReadBackAsTheHexDigest() {
        var list = PayloadHashList()
        for (message, _) in Self.vectors {
            list.append(hashOfCanonicalJSON: Array(message.utf8))
        }
        #expect(list.count == Self.vectors.count)
        for (index, (_, digest)) in Self.vectors.enumerated() {
            #expect(list[index] == digest)
            #expect(list.hash(at: index, equals: digest))
        }
    }

    @Test func comparisonRejectsEveryOtherForm() {
        var list = PayloadHashList()
        list.append(hashOfCanonicalJSON: Array("abc".utf8))
        let digest = Self.vectors[1].1
        #expect(!list.hash(at: 0, equals: digest.uppercased()))
        #expect(!list.hash(at: 0, equals: String(digest.dropLast())))
        #expect(!list.hash(at: 0, equals: digest + "0"))
        #expect(!list.hash(at: 0, equals: ""))
        // One nibble off, first and last position.
        #expect(!list.hash(at: 0, equals: "c" + digest.dropFirst()))
        #expect(!list.hash(at: 0, equals: digest.dropLast() + "c"))
        // A bridged or substring-backed string takes the slow path and still compares right.
        #expect(list.hash(at: 0, equals: String(Substring(digest))))
    }

    @Test func payloadHashMatchesTheList() {
        let payload = TargetPayload(["Name": .string("Ærø Smith"), "Access": .bool(true), "Groups": .list([.int(1), .int(2)])])
        var list = PayloadHashList()
        list.append(hashOfCanonicalJSON: payload.canonicalJSONBytes)
        #expect(list[0] == payload.hash)
    }
}
