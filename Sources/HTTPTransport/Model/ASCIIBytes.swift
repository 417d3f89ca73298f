/// Byte-level ASCII tests for protocol text (header lines, the start of a body): what Foundation's
/// `trimmingCharacters(in:)` and `lowercased()` did here cost more than the request itself.
package enum ASCIIBytes {
    /// Space, tab, CR, LF, vertical tab, form feed.
    @inlinable package static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    @inlinable package static func lowered(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// `bytes` without leading and trailing ASCII whitespace.
    @inlinable package static func trimmed<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> Bytes.SubSequence where Bytes.Element == UInt8 {
        // Index loops, not firstIndex/lastIndex: `.map(bytes.index(after:))` allocated a closure
        // context on every header line of every response.
        var start = bytes.startIndex
        while start != bytes.endIndex, isSpace(bytes[start]) { bytes.formIndex(after: &start) }
        var end = bytes.endIndex
        while end != start {
            let last = bytes.index(before: end)
            guard isSpace(bytes[last]) else { break }
            end = last
        }
        return bytes[start..<end]
    }

    /// Whether `bytes` starts with `prefix` (lowercase ASCII), ignoring case.
    @inlinable package static func hasPrefix(_ bytes: some Collection<UInt8>, lowercased prefix: String) -> Bool {
        var iterator = bytes.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = iterator.next(), lowered(byte) == expected else { return false }
        }
        return true
    }

    /// Whether `text` contains `needle` (lowercase ASCII), ignoring case.
    @inlinable package static func contains(_ text: String, lowercased needle: String) -> Bool {
        // On the contiguous UTF-8 of both: a Substring view per position, as `hasPrefix` on
        // `text.utf8[start...]` took, made this test of every answer's Content-Type a few per
        // cent of a single-user vendor's first sync.
        var text = text, needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { needle in
                guard needle.count <= haystack.count else { return false }
                guard !needle.isEmpty else { return true }
                for start in 0...(haystack.count - needle.count) {
                    var matched = 0
                    while matched < needle.count, lowered(haystack[start + matched]) == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                return false
            }
        }
    }
}
