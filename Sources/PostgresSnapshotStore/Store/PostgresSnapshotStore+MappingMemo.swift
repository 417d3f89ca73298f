import DirBridgeCore
import PostgresNIO
import SnapshotStore

/// The mapping memo, as in the SQLite store: one row per target and anchor.
extension PostgresSnapshotStore {
    package func recallMappings(target: String, into memo: MappingMemo) async throws -> MappingMemo {
        try await read("reading the mapping memo of target \(target)") { connection in
            var memo = memo
            let rows = try await connection.query(
                "SELECT anchor, fingerprint, entry FROM mapping_memo WHERE target = \(target)", logger: logger)
            for try await (anchor, fingerprint, entry) in rows.decode((String, Int64, ByteBuffer).self) {
                entry.withUnsafeReadableBytes { memo.add(anchor: Anchor(anchor), fingerprint: fingerprint, entry: $0) }
            }
            return memo
        }
    }

    package func rememberMappings(_ update: MappingMemoUpdate, target: String) async throws {
        guard !update.isEmpty else { return }
        let anchors = update.entries.map(\.anchor.value)
        let entries = update.entries.map { ByteBuffer(bytes: $0.bytes) }
        try await write("writing the mapping memo of target \(target)") { connection in
            if update.removesOtherFingerprints {
                try await connection.query(
                    "DELETE FROM mapping_memo WHERE target = \(target) AND fingerprint <> \(update.fingerprint)", logger: logger)
            }
            if !update.removals.isEmpty {
                try await connection.query(
                    "DELETE FROM mapping_memo WHERE target = \(target) AND anchor = ANY(\(update.removals.map(\.value)))",
                    logger: logger)
            }
            if !anchors.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO mapping_memo (target, anchor, fingerprint, entry)
                    SELECT \(target), u.anchor, \(update.fingerprint), u.entry
                    FROM unnest(\(anchors)::text[], \(entries)::bytea[]) AS u(anchor, entry)
                    ON CONFLICT (target, anchor) DO UPDATE SET fingerprint = excluded.fingerprint, entry = excluded.entry
                    """,
                    logger: logger)
            }
        }
    }
}
