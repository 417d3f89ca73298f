import DirBridgeCore

/// The mapping memo: one row per target and anchor, read whole at a full read's plan, written
/// for the users mapped again.
extension SQLiteSnapshotStore {
    package func recallMappings(target: String, into memo: MappingMemo) async throws -> MappingMemo {
        try await read("reading the mapping memo of target \(target)") { db in
            var memo = memo
            // In anchor order, the memo's (see `AnchorOrder`): a merge with the users.
            let statement = try SQLiteStatement(
                "SELECT anchor, fingerprint, entry FROM mapping_memo WHERE target = ?1 ORDER BY anchor", in: db)
            try statement.forEachRow([.text(target)]) { row in
                memo.add(anchorUTF8: row.bytes(0), fingerprint: row.int64(1), entry: row.bytes(2))
            }
            return memo
        }
    }

    package func rememberMappings(_ update: MappingMemoUpdate, target: String) async throws {
        guard !update.isEmpty else { return }
        try await write("writing the mapping memo of target \(target)") { db in
            if update.removesOtherFingerprints {
                try db.execute(
                    sql: "DELETE FROM mapping_memo WHERE target = ? AND fingerprint <> ?",
                    arguments: [target, update.fingerprint])
            }
            let delete = try SQLiteStatement("DELETE FROM mapping_memo WHERE target = ?1 AND anchor = ?2", in: db)
            for anchor in update.removals {
                try delete.execute([.text(target), .text(anchor.value)])
            }
            let insert = try SQLiteStatement(
                "INSERT OR REPLACE INTO mapping_memo (target, anchor, fingerprint, entry) VALUES (?1, ?2, ?3, ?4)", in: db)
            for entry in update.entries {
                try insert.execute([.text(target), .text(entry.anchor.value), .integer(update.fingerprint), .blob(entry.bytes)])
            }
        }
    }
}
