import DirBridgeCore

/// LIKE patterns that keep, among a target's payloads, only those that can hold one of a set of
/// key values (case-insensitively), so a key check ships a few rows instead of every payload: the
/// PostgreSQL backend filters with them on its server. (SQLite reads its rows in process, where
/// one ``KeyValueProbe`` pass per row costs less than a pattern per value.) The decoded payload
/// always has the last word.
package enum KeyValuePatterns {
    /// One `%value%` pattern per value (as the value appears inside payload JSON, with `\`, `%`
    /// and `_` escaped by `\`), or none when filtering would not pay or not be exact: more than
    /// 200 values, or a value outside ASCII (SQLite's LIKE folds the case of ASCII letters only).
    package static func likePatterns(for lowercasedValues: Set<String>) -> [String] {
        guard lowercasedValues.count <= 200, lowercasedValues.allSatisfy({ $0.unicodeScalars.allSatisfy(\.isASCII) }) else {
            return []
        }
        return lowercasedValues.sorted().map { "%" + escaped(String(JSONString.quoted($0).dropFirst().dropLast())) + "%" }
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
