/// Formats Active Directory's 16-byte `objectGUID` the way Windows shows it: the first three
/// fields are little-endian in the binary value, the last eight bytes are in order.
enum ObjectGUID {
    static func format(_ value: some Collection<UInt8>) -> String? {
        let bytes = Array(value)
        guard bytes.count == 16 else { return nil }
        let order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for index in order {
            if index < 0 {
                text.append(UInt8(ascii: "-"))
            } else {
                text.append(digits[Int(bytes[index] >> 4)])
                text.append(digits[Int(bytes[index] & 0x0f)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
