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

    package static func isSecret(key: String) -> Bool {
        let normalized = key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
        return secretKeyFragments.contains { normalized.contains($0) }
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
