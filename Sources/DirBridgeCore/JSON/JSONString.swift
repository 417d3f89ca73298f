/// The one JSON string escaper: the quote, the backslash and control characters, everything else
/// raw UTF-8. With `htmlSafe`, also `<`, `>`, `&`, U+2028 and U+2029, so the JSON can sit in an
/// HTML `<script>` block (no `</script>` or `<!--` can appear in it).
package enum JSONString {
    package static func write(_ text: String, into output: inout [UInt8], htmlSafe: Bool = false) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count, let base = bytes.baseAddress,
                   !Self.mayNeedEscape(UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self), htmlSafe: htmlSafe)
                {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                // The hashing path (every value of every user) takes the first test alone.
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
                    && !(htmlSafe && Self.needsHTMLEscape(bytes, at: index))
                {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0xE2:
                    unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, into: &output)
                    width = 3
                default: unicodeEscape(UInt16(byte), into: &output)
                }
                index += width
                runStart = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of eight bytes may need escaping: one below 0x20, a quote or a backslash (with
    /// `htmlSafe` also `<`, `>`, `&` or the lead byte of U+2028 / U+2029). Exact when it says no,
    /// so most of a long value (a DN, a group) passes a word at a time.
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64, htmlSafe: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte of `word` equal to `value`: a zero byte of the XOR (the usual SWAR test).
        func has(_ value: UInt8) -> UInt64 {
            let difference = word ^ (ones &* UInt64(value))
            return (difference &- ones) & ~difference & highBits
        }
        let control = (word &- ones &* 0x20) & ~word & highBits
        var found = control | has(UInt8(ascii: "\"")) | has(UInt8(ascii: "\\"))
        if htmlSafe {
            found |= has(UInt8(ascii: "<")) | has(UInt8(ascii: ">")) | has(UInt8(ascii: "&")) | has(0xE2)
        }
        return found != 0
    }

    /// `<`, `>`, `&`, or the UTF-8 of U+2028 / U+2029, at `index`.
    private static func needsHTMLEscape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        switch bytes[index] {
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"): true
        case 0xE2: index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
        default: false
        }
    }

    /// `text` as a JSON string literal, quotes included.
    package static func quoted(_ text: String, htmlSafe: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        write(text, into: &output, htmlSafe: htmlSafe)
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func unicodeEscape(_ unit: UInt16, into output: inout [UInt8]) {
        output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int(unit >> UInt16(shift) & 0xF)])
        }
    }
}
