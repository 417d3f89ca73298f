import DirBridgeCore
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
        if !binary, let text = UTF8Validation.text(value) { return text }
        return Data(value).base64EncodedString()
    }
}
