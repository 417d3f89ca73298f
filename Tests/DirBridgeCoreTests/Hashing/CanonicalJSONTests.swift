import Foundation
import Testing
@testable import DirBridgeCore

@Suite struct CanonicalJSONTests {
    @Test func keysAreSortedAndOutputIsCompact() {
        let payload = TargetPayload([
            "b": .int(-42), "a": .string("x"), "C": .bool(true), "n": .null,
            "list": .list([.object(["Id": .string("g1")]), .int(0)]),
            "obj": .object(["z": .bool(false), "y": .int(9_223_372_036_854_775_807)]),
        ])
        #expect(payload.canonicalJSON
            == #"{"C":true,"a":"x","b":-42,"list":[{"Id":"g1"},0],"n":null,"obj":{"y":9223372036854775807,"z":false}}"#)
    }

    @Test func stringsAreEscapedMinimally() {
        let payload = TargetPayload(["k": .string("q\"b\\n\nt\tc\u{01}é✓")])
        #expect(payload.canonicalJSON == "{\"k\":\"q\\\"b\\\\n\\nt\\tc\\u0001é✓\"}")
    }

    @Test func canonicalJSONIsValidJSONThatRoundTrips() throws {
        let payload = TargetPayload([
            "Name": .string("Ann \"Q\" Smith\u{1F}"), "Access": .bool(false), "Count": .int(Int.min),
            "Roles": .list([.object(["Id": .string("r1")])]),
        ])
        let decoded = try JSONDecoder().decode(TargetPayload.self, from: Data(payload.canonicalJSONBytes))
        #expect(decoded == payload)
    }

    @Test func hashDependsOnContentNotInsertionOrder() {
        var first = TargetPayload()
        first["a"] = .string("1")
        first["b"] = .string("2")
        var second = TargetPayload()
        second["b"] = .string("2")
        second["a"] = .string("1")
        #expect(first.hash == second.hash)
        #expect(first.hash == SHA256.hexDigest(of: Array(#"{"a":"1","b":"2"}"#.utf8)))
        second["b"] = .string("3")
        #expect(first.hash != second.hash)
        // A string "1" and an integer 1 must not collide.
        #expect(TargetPayload(["a": .string("1")]).hash != TargetPayload(["a": .int(1)]).hash)
    }
}
