/// FNV-1a, 64 bits: a cheap, stable hash for values compared again when hashes match (unique
/// keys, DN keys), computed byte by byte while the bytes are being looked at anyway.
package struct FNV1a: Sendable {
    package private(set) var value: UInt64

    /// `seed` is mixed into the offset basis (hashes of different kinds apart).
    package init(seed: UInt64 = 0) {
        value = 0xCBF2_9CE4_8422_2325 ^ seed
    }

    package mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01B3
    }

    /// Adds `byte` with an ASCII capital folded to lower case.
    package mutating func addLowercased(_ byte: UInt8) {
        add(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
    }
}
