/// UTF-8 checked byte by byte. The standard library's `String(validating:as:)` runs unspecialised
/// (through generic metadata lookups) on the paths that need it most: every accented value a
/// directory read converts, every string a vendor simulator parses.
package enum UTF8Validation {
    /// The text of `bytes` when they are well-formed UTF-8, else nil.
    package static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { isWellFormed($0) ? String(decoding: $0, as: UTF8.self) : nil }
    }

    /// Whether `bytes` are well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates
    /// or code points past U+10FFFF).
    package static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The sequence's length and the range its second byte must fall in.
            let (length, second): (Int, ClosedRange<UInt8>) =
                switch lead {
                case 0xC2...0xDF: (2, 0x80...0xBF)
                case 0xE0: (3, 0xA0...0xBF)
                case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
                case 0xED: (3, 0x80...0x9F)
                case 0xF0: (4, 0x90...0xBF)
                case 0xF1...0xF3: (4, 0x80...0xBF)
                case 0xF4: (4, 0x80...0x8F)
                default: (0, 0...0)
                }
            guard length > 0, index + length <= bytes.count, second.contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
