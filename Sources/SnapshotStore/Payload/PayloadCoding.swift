import DirBridgeCore

/// Payloads are stored as canonical JSON text (``CanonicalJSONWriter``: keys in UTF-8 byte order,
/// no insignificant whitespace), readable with the sqlite3 shell and stable across runs.
///
/// Decoded by hand rather than with `JSONDecoder`: at 100k users that dominated the store's
/// payload-read times (Foundation's decoder tries each `FieldValue` case in turn and pays for a
/// thrown error per miss).
///
/// Shared by every backend (SQLite, PostgreSQL): a payload reads back the same wherever it was stored.
package enum PayloadCoding {
    /// The payload's canonical JSON: the bytes its hash covers, so stored text and hash agree.
    package static func encode(_ payload: TargetPayload) -> String {
        payload.canonicalJSON
    }

    static func decode(_ text: String) throws -> TargetPayload {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = PayloadJSONParser(bytes)
            guard case .object(let fields) = try parser.parseDocument() else {
                throw PayloadJSONParser.Error(offset: 0, reason: "payload is not a JSON object")
            }
            return TargetPayload(fields)
        }
    }

    /// Decodes a stored payload column, naming the record and column when it is not a payload.
    package static func decode(
        _ text: String, target: String, anchor: Anchor, column: String, path: String
    ) throws(SnapshotStoreError) -> TargetPayload {
        do {
            return try decode(text)
        } catch {
            throw SnapshotStoreError(
                code: .invalidData, path: path,
                message: "target \(target), anchor \(anchor): stored \(column) is not a valid payload: \(error)")
        }
    }
}
