/// One payload hash held inline: the 32 bytes of a SHA-256 digest as four words rather than
/// its 64-character hex `String`, a heap object of about 100 bytes. A first sync plans an action
/// per user and target, half a million for 100,000 users and five targets.
package enum PayloadDigest: Hashable, Sendable {
    /// The digest as big-endian words: `hex` prints them in order.
    case sha256(UInt64, UInt64, UInt64, UInt64)
    /// A hash that is not 64 lowercase hex digits (a hand-built plan), kept as given.
    case text(String)

    package init(hex: String) {
        var words = Words()
        var text = hex
        let parsed = text.withUTF8 { utf8 -> Bool in
            guard utf8.count == 64 else { return false }
            for (offset, character) in utf8.enumerated() {
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): words.shift(in: character - UInt8(ascii: "0"), bits: 4, at: offset / 16)
                case UInt8(ascii: "a")...UInt8(ascii: "f"): words.shift(in: character - UInt8(ascii: "a") + 10, bits: 4, at: offset / 16)
                default: return false
                }
            }
            return true
        }
        self = parsed ? words.digest : .text(hex)
    }

    /// From the digest's 32 bytes.
    init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "a SHA-256 digest is 32 bytes")
        var words = Words()
        for (offset, byte) in bytes.enumerated() { words.shift(in: byte, bits: 8, at: offset / 8) }
        self = words.digest
    }

    /// Lowercase hex, the form the snapshot stores and `TargetPayload.hash` gives.
    package var hex: String {
        switch self {
        case .text(let text): text
        case .sha256(let a, let b, let c, let d): Self.hex(a, b, c, d)
        }
    }

    private static func hex(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> String {
        String(unsafeUninitializedCapacity: 64) { out in
            for index in 0..<4 {
                let word = index == 0 ? a : index == 1 ? b : index == 2 ? c : d
                for nibble in 0..<16 {
                    let value = UInt8(truncatingIfNeeded: word >> (60 - 4 * nibble)) & 0xF
                    out[index * 16 + nibble] = value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
                }
            }
            return 64
        }
    }

    /// Four words filled from the most significant bits down.
    private struct Words {
        var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0

        mutating func shift(in value: UInt8, bits: Int, at word: Int) {
            switch word {
            case 0: a = a << bits | UInt64(value)
            case 1: b = b << bits | UInt64(value)
            case 2: c = c << bits | UInt64(value)
            default: d = d << bits | UInt64(value)
            }
        }

        var digest: PayloadDigest { .sha256(a, b, c, d) }
    }
}
