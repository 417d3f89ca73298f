import DirBridgeCore

/// LIKE patterns that keep, among a target's payloads, only those that can hold one of a set of
/// key values (case-insensitively), so a key check reads a few rows instead of every payload.
/// Shared by the backends; the decoded payload always has the last word.
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
