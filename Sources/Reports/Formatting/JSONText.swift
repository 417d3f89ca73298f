import DirBridgeCore

/// Report JSON written straight into the output, values through the one canonical writer (so a
/// report shows a payload exactly as it is hashed and sent); `htmlSafe` for the HTML page.
struct JSONText {
    /// When set, `<`, `>`, `&`, U+2028 and U+2029 are escaped too, so the JSON can sit inside an
    /// HTML `<script>` block: no `</script>` or `<!--` can appear in it.
    let htmlSafe: Bool

    func string<Output: TextOutputStream>(_ text: String, to output: inout Output) {
        output.write(JSONString.quoted(text, htmlSafe: htmlSafe))
    }

    func stringOrNull<Output: TextOutputStream>(_ text: String?, to output: inout Output) {
        if let text { string(text, to: &output) } else { output.write("null") }
    }

    func value<Output: TextOutputStream>(_ value: FieldValue?, to output: inout Output) {
        var bytes: [UInt8] = []
        CanonicalJSONWriter.write(value ?? .null, into: &bytes, htmlSafe: htmlSafe)
        output.write(String(decoding: bytes, as: UTF8.self))
    }
}
