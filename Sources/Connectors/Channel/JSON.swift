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

    /// Decodes a response body; nil when it is not the documented shape.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) -> T? {
        try? JSONDecoder().decode(type, from: data)
    }

    /// The property names of a body that is a JSON object; nil for anything else.
    static func objectKeys(_ data: Data) -> Set<String>? {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any]).map { Set($0.keys) }
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
