/// Case mapping of Latin-1 text (ASCII and U+00A0–U+00FF: the letters of most European names)
/// without the Unicode tables, and without a new string when nothing changes (most mail
/// addresses and logins are lowercase already). Same result as `lowercased()`/`uppercased()`;
/// `nil` for text outside Latin-1 or with a letter whose case mapping leaves it (ß → SS,
/// ÿ → Ÿ, µ → Μ), which the caller hands to the standard library.
package enum Latin1Case {
    package static func lowercased(_ text: String) -> String? {
        convert(text, .toLower)
    }

    package static func uppercased(_ text: String) -> String? {
        convert(text, .toUpper)
    }

    /// Which bytes one direction changes. Letters in `ascii` flip bit 0x20; so do second bytes in
    /// `latin1` after a 0xC3 lead, but for `keeping` (× and ÷). A second byte after 0xC3 in
    /// `refusedAfterC3`, or after 0xC2 in `refusedAfterC2`, has a mapping outside Latin-1.
    private struct Direction {
        let ascii: ClosedRange<UInt8>
        let latin1: ClosedRange<UInt8>
        let keeping: UInt8
        let refusedAfterC3: [UInt8]
        let refusedAfterC2: [UInt8]

        static let toLower = Direction(
            ascii: UInt8(ascii: "A")...UInt8(ascii: "Z"), latin1: 0x80...0x9E, keeping: 0x97, refusedAfterC3: [], refusedAfterC2: [])
        /// ß → SS, ÿ → Ÿ (U+0178), µ → Μ (U+039C).
        static let toUpper = Direction(
            ascii: UInt8(ascii: "a")...UInt8(ascii: "z"), latin1: 0xA0...0xBE, keeping: 0xB7,
            refusedAfterC3: [0x9F, 0xBF], refusedAfterC2: [0xB5])

        func flips(_ byte: UInt8, afterC3: Bool) -> Bool {
            afterC3 ? latin1.contains(byte) && byte != keeping : ascii.contains(byte)
        }
    }

    private static func convert(_ text: String, _ direction: Direction) -> String? {
        var text = text
        var supported = true, changes = false
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if direction.flips(byte, afterC3: false) { changes = true }
                    index += 1
                    continue
                }
                guard byte == 0xC2 || byte == 0xC3, index + 1 < bytes.count else { supported = false; return }
                let second = bytes[index + 1]
                if (byte == 0xC3 ? direction.refusedAfterC3 : direction.refusedAfterC2).contains(second) { supported = false; return }
                if byte == 0xC3, direction.flips(second, afterC3: true) { changes = true }
                index += 2
            }
        }
        guard supported else { return nil }
        guard changes else { return text }
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var afterC3 = false
                for index in 0..<bytes.count {
                    let byte = bytes[index]
                    output[index] = direction.flips(byte, afterC3: afterC3) ? byte ^ 0x20 : byte
                    afterC3 = byte == 0xC3
                }
                return bytes.count
            }
        }
    }
}
