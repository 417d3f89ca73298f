import DirBridgeCore
import Foundation

/// Payloads are stored as canonical JSON text (sorted keys), the form they are hashed in, so the
/// stored text is readable with the sqlite3 shell and stable across runs.
enum PayloadCoding {
    static func encode(_ payload: TargetPayload) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(payload), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> TargetPayload {
        try JSONDecoder().decode(TargetPayload.self, from: Data(text.utf8))
    }
}
