import DirBridgeCore
import Foundation

/// JSON bodies for the vendors: built from ``FieldValue`` trees by the canonical writer, so a
/// request is byte-for-byte reproducible (and testable) and carries a payload exactly as hashed.
enum JSON {
    static func encode(_ value: FieldValue) -> Data {
        var bytes: [UInt8] = []
        CanonicalJSONWriter.write(value, into: &bytes)
        return Data(bytes)
    }

    /// How a vendor's documents spell property names: `UserProviderKey` (.NET's default) or
    /// `username`. A serializer configured otherwise changes only the first letter's case
    /// (`userProviderKey`), so each key is read with its first letter as documented.
    enum KeyStyle: Sendable {
        case pascalCase, camelCase
    }

    /// Decodes a response body whose property names may differ from `keys` in their first
    /// letter's case; nil when it is not the documented shape.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, keys: KeyStyle) -> T? {
        try? (keys == .pascalCase ? pascalCaseDecoder : camelCaseDecoder).decode(type, from: data)
    }

    private static let pascalCaseDecoder = decoder(.pascalCase)
    private static let camelCaseDecoder = decoder(.camelCase)

    private static func decoder(_ style: KeyStyle) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let key = path[path.count - 1]
            guard key.intValue == nil, let first = key.stringValue.first else { return key }
            // Every key of every answer passes here: one already spelt as documented is kept as is.
            if style == .pascalCase ? !first.isLowercase : !first.isUppercase { return key }
            let head = style == .pascalCase ? first.uppercased() : first.lowercased()
            return DocumentedKey(head + key.stringValue.dropFirst())
        }
        return decoder
    }

    private struct DocumentedKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The property names of a body that is a JSON object, lowercased; nil for anything else.
    static func lowercasedObjectKeys(_ data: Data) -> Set<String>? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any]).map { Set($0.keys.map { $0.lowercased() }) }
    }
}

extension TargetPayload {
    /// The payload as a JSON object, with `overrides` applied (nil removes a field).
    func object(overriding overrides: [String: FieldValue?] = [:]) -> FieldValue {
        var fields = self.fields
        for (key, value) in overrides { fields[key] = value }
        return .object(fields)
    }

    /// The field's text when it is a non-empty string (or an int), for keys and lookups.
    func text(_ field: String) -> String? {
        switch fields[field] {
        case .string(let value) where !value.isEmpty: value
        case .int(let value): String(value)
        default: nil
        }
    }
}
