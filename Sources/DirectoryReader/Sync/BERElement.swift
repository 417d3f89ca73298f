/// Encodes one BER tag-length-value element with a definite length: what the request controls
/// dirbridge sends are built from. Pure.
enum BERElement {
    static func encode(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let count = content.count
        let length: [UInt8] =
            count < 0x80 ? [UInt8(count)]
            : count < 0x100 ? [0x81, UInt8(count)]
            : count < 0x10000 ? [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
            : [0x83, UInt8(count >> 16), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
        return [tag] + length + content
    }

    /// An INTEGER in its shortest two's-complement form.
    static func integer(_ value: Int32) -> [UInt8] {
        var bytes = withUnsafeBytes(of: value.bigEndian, Array.init)
        // Drop a leading byte that only repeats the sign of the next one.
        while bytes.count > 1, (bytes[0] == 0 && bytes[1] & 0x80 == 0) || (bytes[0] == 0xFF && bytes[1] & 0x80 != 0) {
            bytes.removeFirst()
        }
        return encode(0x02, bytes)
    }
}
