import DirBridgeCore

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

extension ObjectGUID {
    /// The 16 bytes of the binary value a Windows-format GUID stands for: what a filter on
    /// `objectGUID` must match. Nil for text that is not such a GUID.
    static func bytes(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        let dashes = [8, 13, 18, 23]
        guard characters.count == 36, dashes.allSatisfy({ characters[$0] == UInt8(ascii: "-") }) else { return nil }
        let hex = characters.enumerated().filter { !dashes.contains($0.offset) }.map(\.element)
        var shown: [UInt8] = []
        shown.reserveCapacity(16)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let high = HexDigit.value(hex[index]), let low = HexDigit.value(hex[index + 1]) else { return nil }
            shown.append(high << 4 | low)
            index += 2
        }
        // The first three fields are shown byte-reversed (see `format`).
        return Array(shown[0..<4].reversed()) + shown[4..<6].reversed() + shown[6..<8].reversed() + shown[8...]
    }
}
