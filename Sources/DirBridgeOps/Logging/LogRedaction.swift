import Logging

/// Removes secret values from log metadata before anything is written.
///
/// A key is secret when its name, lower-cased with `_`, `-` and `.` removed, contains one of
/// ``secretKeyFragments`` (`password`, `db_password`, `X-Api-Key`, `Authorization`, `integrationKey`…).
/// Nested dictionaries are redacted by the same rule.
package enum LogRedaction {
    package static let placeholder = "[redacted]"

    package static let secretKeyFragments = [
        "password", "passwd", "token", "secret", "authorization", "integrationkey", "apikey", "credential", "cookie",
        "privatekey",
    ]

    private static let secretFragmentBytes = secretKeyFragments.map { Array($0.utf8) }

    package static func isSecret(key: String) -> Bool {
        // Unicode lower-casing can make an ASCII letter of another one (KELVIN SIGN → k): only an
        // ASCII key is normalized byte by byte, which every log line's keys are.
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            let normalized = key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
            return secretKeyFragments.contains { normalized.contains($0) }
        }
        let normalized = key.utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."): nil
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte | 0x20
            default: byte
            }
        }
        return secretFragmentBytes.contains { needle in
            normalized.count >= needle.count
                && (0...(normalized.count - needle.count)).contains { normalized[$0..<$0 + needle.count].elementsEqual(needle) }
        }
    }

    package static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        var result = Logger.Metadata()
        for (key, value) in metadata {
            result[key] = isSecret(key: key) ? .string(placeholder) : redact(value)
        }
        return result
    }

    private static func redact(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .dictionary(let nested): .dictionary(redact(nested))
        case .array(let items): .array(items.map(redact))
        case .string, .stringConvertible: value
        }
    }
}
