/// SHA-256 (FIPS 180-4) in plain Swift.
///
/// Foundation on Linux ships no digest API and the core must not link a crypto library, so the
/// payload hash is computed here. It only fingerprints payloads for change detection; it is not
/// used for anything secret.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var buffer: [UInt8] = []
    private var totalLength: UInt64 = 0

    public init() {}

    /// The lowercase hex digest of `bytes`.
    public static func hexDigest<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        oneShot(bytes).hexState()
    }

    /// Appends the 32-byte digest of `bytes` to `output`.
    public static func appendDigest<Bytes: Collection>(of bytes: Bytes, to output: inout [UInt8]) where Bytes.Element == UInt8 {
        let words = oneShot(bytes).state
        withUnsafeBytes(of: words) { raw in
            for index in 0..<8 {
                let word = raw.load(fromByteOffset: index * 4, as: UInt32.self)
                for shift in stride(from: 24, through: 0, by: -8) {
                    output.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
                }
            }
        }
    }

    private static func oneShot<Bytes: Collection>(_ bytes: Bytes) -> SHA256 where Bytes.Element == UInt8 {
        var hasher = SHA256()
        let hashedInPlace = bytes.withContiguousStorageIfAvailable { pointer -> Bool in
            // Whole blocks straight from the caller's memory, only the tail is copied.
            let raw = UnsafeRawBufferPointer(pointer)
            let whole = raw.count / 64 * 64
            var offset = 0
            while offset < whole {
                hasher.compress(raw.baseAddress! + offset)
                offset += 64
            }
            hasher.totalLength = UInt64(raw.count)
            hasher.padAndCompressTail(UnsafeRawBufferPointer(rebasing: raw[whole...]))
            return true
        }
        if hashedInPlace == nil {
            hasher.update(bytes)
            hasher.padAndCompressBuffer()
        }
        return hasher
    }

    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        totalLength &+= UInt64(bytes.count)
        let consumedWhole = bytes.withContiguousStorageIfAvailable { pointer -> Bool in
            absorb(UnsafeRawBufferPointer(pointer))
            return true
        }
        if consumedWhole == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { absorb($0) }
        }
    }

    /// The 32-byte digest. The hasher must not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        padAndCompressBuffer()
        let words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
    }

    /// The lowercase hex digest. The hasher must not be used afterwards.
    public mutating func finalizeHex() -> String {
        padAndCompressBuffer()
        return hexState()
    }

    private func hexState() -> String {
        let words = state
        return String(unsafeUninitializedCapacity: 64) { out in
            withUnsafeBytes(of: words) { raw in
                let hexDigits: StaticString = "0123456789abcdef"
                let hex = hexDigits.utf8Start
                for index in 0..<8 {
                    let word = raw.load(fromByteOffset: index * 4, as: UInt32.self)
                    for nibble in 0..<8 {
                        out[index * 8 + nibble] = hex[Int((word >> (28 - 4 * UInt32(nibble))) & 0xf)]
                    }
                }
            }
            return 64
        }
    }

    private mutating func padAndCompressBuffer() {
        let pending = buffer
        buffer = []
        pending.withUnsafeBytes { padAndCompressTail($0) }
    }

    /// Appends 0x80, zeros and the bit length to the last partial block (< 64 bytes) and
    /// compresses the resulting one or two blocks.
    private mutating func padAndCompressTail(_ pending: UnsafeRawBufferPointer) {
        let bitLength = totalLength &* 8
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            tail.initialize(repeating: 0)
            for index in 0..<pending.count { tail[index] = pending[index] }
            tail[pending.count] = 0x80
            let blocks = pending.count < 56 ? 1 : 2
            for index in 0..<8 {
                tail[blocks * 64 - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))
            }
            let base = UnsafeRawPointer(tail.baseAddress!)
            for block in 0..<blocks { compress(base + block * 64) }
        }
    }

    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard input.count > 0, let base = input.baseAddress else { return }
        var offset = 0
        if !buffer.isEmpty {
            let needed = 64 - buffer.count
            let taken = min(needed, input.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[0..<taken]))
            offset = taken
            guard buffer.count == 64 else { return }
            let block = buffer
            block.withUnsafeBytes { compress($0.baseAddress!) }
            buffer.removeAll(keepingCapacity: true)
        }
        while input.count - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        if offset < input.count {
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[offset...]))
        }
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        sha256RoundConstants.withUnsafeBufferPointer { k in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for i in 0..<16 {
                w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, h) = state
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ t2
            }
            state = (
                state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h
            )
        }
        }
    }
}

@inline(__always)
private func rotr(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
}

private let sha256RoundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
