/// The payload hashes of many users, 32 raw bytes each in one buffer.
///
/// A hex `String` per user is a heap object of over 100 bytes; at 100,000 users × five targets
/// planned side by side that alone is tens of megabytes. Hashes leave this list as hex, the
/// form the snapshot stores, only for the users an action is planned for.
package struct PayloadHashList: Hashable, Sendable {
    private static let digestSize = 32
    private var digests: [UInt8] = []

    package init() {}

    package var count: Int { digests.count / Self.digestSize }

    package mutating func reserveCapacity(_ count: Int) {
        digests.reserveCapacity(count * Self.digestSize)
    }

    package mutating func append(contentsOf other: PayloadHashList) {
        digests += other.digests
    }

    /// Appends the hash of a payload given as its canonical JSON bytes.
    package mutating func append(hashOfCanonicalJSON json: [UInt8]) {
        SHA256.appendDigest(of: json, to: &digests)
    }

    /// Appends a hash given as its 32 bytes.
    package mutating func append(digest: some Collection<UInt8>) {
        precondition(digest.count == Self.digestSize, "a SHA-256 digest is 32 bytes")
        digests.append(contentsOf: digest)
    }

    /// Appends the 32 bytes of the hash at `index` to `output`.
    package func appendDigest(at index: Int, to output: inout [UInt8]) {
        let start = index * Self.digestSize
        output.append(contentsOf: digests[start..<(start + Self.digestSize)])
    }

    /// The hash at `index` as lowercase hex, equal to `TargetPayload.hash`.
    package subscript(index: Int) -> String {
        digest(at: index).hex
    }

    /// The hash at `index`, held inline.
    package func digest(at index: Int) -> PayloadDigest {
        let start = index * Self.digestSize
        return PayloadDigest(bytes: digests[start..<(start + Self.digestSize)])
    }

    /// Whether the hash at `index` is `hex` (as the snapshot stores it), without building a
    /// string: the diff asks this once per user and target.
    package func hash(at index: Int, equals hex: String) -> Bool {
        var hex = hex
        return hex.withUTF8 { hash(at: index, equalsHex: UnsafeRawBufferPointer($0)) }
    }

    /// Whether the hash at `index` is the hex text `hex` (UTF-8 bytes): two characters at a time.
    package func hash(at index: Int, equalsHex hex: UnsafeRawBufferPointer) -> Bool {
        guard hex.count == 2 * Self.digestSize else { return false }
        let start = index * Self.digestSize
        return digests.withUnsafeBufferPointer { digests in
            Self.hexPairs.withUnsafeBufferPointer { pairs in
                for offset in 0..<Self.digestSize
                where UInt16(littleEndian: hex.loadUnaligned(fromByteOffset: 2 * offset, as: UInt16.self)) != pairs[Int(digests[start + offset])] {
                    return false
                }
                return true
            }
        }
    }

    /// Each byte's two lowercase hex digits, the first in the low byte (as read little-endian).
    private static let hexPairs: [UInt16] = (0...255).map { (byte: Int) -> UInt16 in
        UInt16(hexDigit(UInt8(byte) >> 4)) | UInt16(hexDigit(UInt8(byte) & 0xF)) << 8
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
