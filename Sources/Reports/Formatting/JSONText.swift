import DirBridgeCore

/// A minimal JSON writer that streams straight into the output: reports need sorted keys and
/// exact control over escaping, and going through `JSONEncoder` would build the whole document
/// as `Data` first.
struct JSONText {
    /// When set, `<`, `>`, `&`, U+2028 and U+2029 are escaped too, so the JSON can sit inside an
    /// HTML `<script>` block: no `</script>` or `<!--` can appear in it.
    let htmlSafe: Bool

    func string<Output: TextOutputStream>(_ text: String, to output: inout Output) {
        output.write("\"")
        if text.utf8.contains(where: needsEscape) {
            output.write(escaped(text))
        } else {
            output.write(text)
        }
        output.write("\"")
    }

    func stringOrNull<Output: TextOutputStream>(_ text: String?, to output: inout Output) {
        if let text { string(text, to: &output) } else { output.write("null") }
    }

    func value<Output: TextOutputStream>(_ value: FieldValue?, to output: inout Output) {
        switch value {
        case nil, .null?: output.write("null")
        case .bool(let flag)?: output.write(flag ? "true" : "false")
        case .int(let number)?: output.write(String(number))
        case .string(let text)?: string(text, to: &output)
        case .list(let items)?:
            output.write("[")
            for (index, item) in items.enumerated() {
                if index > 0 { output.write(",") }
                self.value(item, to: &output)
            }
            output.write("]")
        case .object(let members)?:
            output.write("{")
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.write(",") }
                string(key, to: &output)
                output.write(":")
                self.value(members[key], to: &output)
            }
            output.write("}")
        }
    }

    private func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x1F, UInt8(ascii: "\""), UInt8(ascii: "\\"): true
        // 0xE2 leads the UTF-8 of U+2028/U+2029; checked exactly in `escaped`.
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0xE2: htmlSafe
        default: false
        }
    }

    private func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<" where htmlSafe, ">" where htmlSafe, "&" where htmlSafe,
                 "\u{2028}" where htmlSafe, "\u{2029}" where htmlSafe:
                result += Self.unicodeEscape(scalar)
            case _ where scalar.value < 0x20:
                result += Self.unicodeEscape(scalar)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
