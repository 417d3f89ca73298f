import Foundation
import Testing
@testable import DirBridgeCore

/// The one JSON string escaper every writer uses: minimal escaping, and the HTML-safe variant
/// that lets a report's JSON sit inside a `<script>` block.
struct JSONStringTests {
    @Test func escapesOnlyWhatJSONRequiresAndKeepsUTF8Raw() throws {
        let text = "Zoë \"Z\" \\ / 李 🎉\n\t\r\u{01}</script>&\u{2028}"
        let quoted = JSONString.quoted(text)
        #expect(quoted == #""Zoë \"Z\" \\ / 李 🎉\n\t\r\u0001</script>&"# + "\u{2028}\"")
        #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
    }

    @Test func htmlSafeOutputCannotCloseAScriptBlockAndStillDecodes() throws {
        let text = "</script><!-- a & b \u{2028}\u{2029} é"
        let quoted = JSONString.quoted(text, htmlSafe: true)
        #expect(quoted == #""\u003c/script\u003e\u003c!-- a \u0026 b \u2028\u2029 é""#)
        #expect(try JSONDecoder().decode(String.self, from: Data(quoted.utf8)) == text)
    }

    /// Long values pass eight bytes at a time: a character needing escape must be found at any
    /// position of a word, in both modes, as a character-by-character escaper finds it.
    @Test(arguments: [false, true])
    func findsEveryCharacterToEscapeAtEveryPositionOfALongValue(htmlSafe: Bool) throws {
        let specials: [Character] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "<", ">", "&", "\u{2028}", "\u{2029}", "é", "李"]
        let plain = Array("uid=u00042,ou=people,dc=example")
        for special in specials {
            for position in 0...plain.count {
                var characters = plain
                characters.insert(special, at: position)
                let text = String(characters)
                #expect(JSONString.quoted(text, htmlSafe: htmlSafe) == Self.reference(text, htmlSafe: htmlSafe),
                        "\(special.unicodeScalars.map { String($0.value, radix: 16) }) at \(position)")
            }
        }
    }

    private static func reference(_ text: String, htmlSafe: Bool) -> String {
        func escaped(_ value: UInt32) -> String { "\\u" + String(repeating: "0", count: 4 - String(value, radix: 16).count) + String(value, radix: 16) }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += escaped(scalar.value)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                if htmlSafe { output += escaped(scalar.value) } else { output.unicodeScalars.append(scalar) }
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
