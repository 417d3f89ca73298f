import Foundation
import Testing
@testable import VendorSimulator

/// The simulator's JSON parser: strict RFC 8259 (Foundation's also takes trailing commas, which
/// vendors' parsers refuse), and what it writes reads back the same.
struct JSONValueParserTests {
    @Test func valuesOfEveryKindAreReadAsSent() throws {
        let text = #"  {"a": [1, -2.5e3, 0, true, false, null], "b": "x\"y\\z\/\n\u00e9\ud83d\ude00", "c": {}, "d": [], "a2": "ok"} "#
        let value = try #require(JSONValue.parse(Data(text.utf8)))
        #expect(value["a"] == [1, -2500, 0, true, false, nil])
        #expect(value["b"] == .string("x\"y\\z/\né😀"))
        #expect(value["c"] == .object([:]) && value["d"] == .array([]))
        #expect(JSONValue.parse(Data(#"{"k": 1, "k": 2}"#.utf8))?["k"] == 2)
        #expect(JSONValue.parse(Data("\"top\"".utf8)) == "top")
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "\"\\x\"",
        "\"\\ud83d\"", "\"\\ude00\"", "\"a\u{01}b\"", "\"open", "[1 2]", "{\"a\" 1}", "1 2", "NaN", "1e999", "[" + String(repeating: "[", count: 300),
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(JSONValue.parse(Data(text.utf8)) == Optional<JSONValue>.none, "\(text)")
    }

    @Test func invalidUTF8IsRefused() {
        #expect(JSONValue.parse(Data([0x22, 0xC3, 0x28, 0x22])) == Optional<JSONValue>.none)
    }

    @Test func whatIsWrittenReadsBackTheSameWithSortedKeys() throws {
        let value: JSONValue = ["z": [1.5, 42, "a/b", nil, false], "a": ["nested": "é\t\"q\""], "m": 1e20]
        let text = String(decoding: value.encoded, as: UTF8.self)
        #expect(text.hasPrefix(#"{"a":{"nested":"é\t\"q\""},"m":"#))
        #expect(text.contains(#""z":[1.5,42,"a/b",null,false]"#))
        #expect(JSONValue.parse(value.encoded) == value)
    }
}
