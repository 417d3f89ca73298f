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
        return try text.withUTF8 { try decode(utf8: $0) }
    }

    private static func decode(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> TargetPayload {
        var parser = PayloadJSONParser(bytes)
        guard case .object(let fields) = try parser.parseDocument() else {
            throw PayloadJSONParser.Error(offset: 0, reason: "payload is not a JSON object")
        }
        return TargetPayload(fields)
    }

    /// Decodes a stored payload column, naming the record and column when it is not a payload.
    package static func decode(
        _ text: String, target: String, anchor: Anchor, column: String, path: String
    ) throws(SnapshotStoreError) -> TargetPayload {
        var text = text
        return try text.withUTF8 { bytes in
            Result { () throws(SnapshotStoreError) in
                try decode(utf8: UnsafeRawBufferPointer(bytes), target: target, anchor: anchor, column: column, path: path)
            }
        }.get()
    }

    /// The same, from the column's UTF-8 as the database hands it out.
    package static func decode(
        utf8 bytes: UnsafeRawBufferPointer, target: String, anchor: Anchor, column: String, path: String
    ) throws(SnapshotStoreError) -> TargetPayload {
        do {
            return try decode(utf8: bytes.assumingMemoryBound(to: UInt8.self))
        } catch {
            throw SnapshotStoreError(
                code: .invalidData, path: path,
                message: "target \(target), anchor \(anchor): stored \(column) is not a valid payload: \(error)")
        }
    }
}
