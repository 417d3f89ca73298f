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
}
