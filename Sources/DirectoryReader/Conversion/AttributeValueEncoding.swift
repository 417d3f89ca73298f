import Foundation

/// Turns raw attribute values into the strings `DirectoryUser` carries: UTF-8 text as is,
/// binary attributes and values that are not valid UTF-8 as base64.
struct AttributeValueEncoding: Sendable {
    /// Attributes that are binary by schema in common directories, always base64-encoded.
    static let wellKnownBinary: Set<String> = [
        "jpegphoto", "photo", "thumbnailphoto", "objectguid", "objectsid", "usercertificate",
        "cacertificate", "usersmimecertificate", "userpkcs12", "audio", "msexchmailboxguid",
    ]

    /// Lowercased names of attributes to base64-encode.
    let binaryAttributes: Set<String>

    init(configuredBinary: [String]) {
        binaryAttributes = Self.wellKnownBinary.union(configuredBinary.map { $0.lowercased() })
    }

    func isBinary(_ lowercasedName: String) -> Bool {
        binaryAttributes.contains(lowercasedName)
    }

    func encode(_ value: ArraySlice<UInt8>, binary: Bool) -> String {
        if !binary, let text = value.withUnsafeBufferPointer({ Self.isValidUTF8($0) ? String(decoding: $0, as: UTF8.self) : nil }) {
            return text
        }
        return Data(value).base64EncodedString()
    }

    /// Whether `bytes` are well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates
    /// or code points past U+10FFFF). The standard library's `String(validating:as:)` ran
    /// unspecialised here, through generic metadata lookups, for every value with an accent.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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
