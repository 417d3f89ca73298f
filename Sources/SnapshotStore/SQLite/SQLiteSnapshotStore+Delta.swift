import DirBridgeCore
import Foundation
import GRDB

/// What a delta read's plan needs from the store: the cursor, and the records of the users the
/// directory reported changed (by primary key), never a scan of every record's columns.
extension SQLiteSnapshotStore {
    package func directoryCursor(source: String) async throws -> DirectoryCursor? {
        let path = path
        return try await read("reading the directory cursor of \(source)") { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT cookie, configuration_fingerprint, group_fingerprint, full_read_at, revisit, next_account_expiry
                    FROM directory_cursor WHERE source = ?
                    """,
                arguments: [source])
            else { return nil }
            let revisitText: String = row[4]
            guard let revisit = try? JSONDecoder().decode([String].self, from: Data(revisitText.utf8)) else {
                throw SnapshotStoreError(
                    code: .invalidData, path: path, message: "directory cursor of \(source): revisit is not a JSON list of anchors")
            }
            let cookie: Data = row[0]
            return DirectoryCursor(
                source: source, cookie: [UInt8](cookie), configurationFingerprint: row[1], groupFingerprint: row[2],
                fullReadAt: Date(timeIntervalSince1970: row[3]), revisit: revisit.map(Anchor.init),
                nextAccountExpiry: (row[5] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    package func saveDirectoryCursor(_ cursor: DirectoryCursor, groups: DirectoryGroupChanges) async throws {
        let revisitText = FieldValue.list(cursor.revisit.map { .string($0.value) }).canonicalJSON
        let upserts = groups.upserts.map { ($0.key, $0.value.digest, StoredGroupEdges.encode($0.value.edges)) }
        try await write("saving the directory cursor of \(cursor.source)") { db in
            let source = cursor.source
            for group in groups.removals {
                try db.execute(sql: "DELETE FROM directory_group WHERE source = ? AND group_key = ?", arguments: [source, group])
            }
            for (group, digest, edges) in upserts {
                try db.execute(
                    sql: """
                        INSERT INTO directory_group (source, group_key, digest, edges) VALUES (?, ?, ?, ?)
                        ON CONFLICT (source, group_key) DO UPDATE SET digest = excluded.digest, edges = excluded.edges
                        """,
                    arguments: [source, group, digest, edges])
            }
            try db.execute(
                sql: """
                    INSERT INTO directory_cursor
                        (source, cookie, configuration_fingerprint, group_fingerprint, full_read_at, revisit, next_account_expiry)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source) DO UPDATE SET cookie = excluded.cookie,
                        configuration_fingerprint = excluded.configuration_fingerprint,
                        group_fingerprint = excluded.group_fingerprint, full_read_at = excluded.full_read_at,
                        revisit = excluded.revisit, next_account_expiry = excluded.next_account_expiry
                    """,
                arguments: [
                    cursor.source, Data(cursor.cookie), cursor.configurationFingerprint, cursor.groupFingerprint,
                    cursor.fullReadAt.timeIntervalSince1970, revisitText, cursor.nextAccountExpiry?.timeIntervalSince1970,
                ])
        }
    }

    package func directoryGroupDigests(source: String) async throws -> [String: String] {
        try await read("reading the group digests of \(source)") { db in
            var digests: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT group_key, digest FROM directory_group WHERE source = ?", arguments: [source]) {
                digests[row[0]] = row[1]
            }
            return digests
        }
    }

    package func directoryGroupEdges(source: String, groups: [String]) async throws -> [String: [String]] {
        let path = path
        return try await read("reading the edges of \(groups.count) group(s) of \(source)") { db in
            var edges: [String: [String]] = [:]
            for group in groups {
                guard let text = try String.fetchOne(
                    db, sql: "SELECT edges FROM directory_group WHERE source = ? AND group_key = ?", arguments: [source, group])
                else { continue }
                edges[group] = try StoredGroupEdges.decode(text, group: group, source: source, path: path)
            }
            return edges
        }
    }

    package func records(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord] {
        guard !anchors.isEmpty else { return [] }
        let path = path
        return try await read("reading \(anchors.count) record(s) of target \(target)") { db in
            let statement = try SQLiteStatement("""
                SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at
                FROM snapshot_record WHERE target = ?1 AND anchor = ?2
                """, in: db)
            var records: [SnapshotRecord] = []
            for anchor in anchors {
                try statement.forEachRow([.text(target), .text(anchor.value)]) { row in
                    records.append(try SnapshotRecord(columns: row, target: target, payload: nil, path: path))
                }
            }
            return records
        }
    }

    package func releaseRecords(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord] {
        let released = try await records(target: target, anchors: anchors)
        try await write("releasing \(released.count) record(s) of target \(target)") { db in
            for record in released {
                try db.execute(sql: "DELETE FROM snapshot_record WHERE target = ? AND anchor = ?", arguments: [target, record.anchor.value])
            }
        }
        return released
    }

    package func managedRecordCount(target: String) async throws -> Int {
        try await read("counting the managed records of target \(target)") { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM snapshot_record WHERE target = ? AND state <> 'disabled'", arguments: [target]) ?? 0
        }
    }

    package func unsettledAnchors(target: String) async throws -> [Anchor] {
        try await read("reading the unsettled records of target \(target)") { db in
            try String.fetchAll(
                db, sql: "SELECT anchor FROM snapshot_record WHERE target = ? AND state IN ('pending', 'failed') ORDER BY anchor",
                arguments: [target]
            ).map(Anchor.init)
        }
    }

    package func anchorsHolding(values: Set<String>, field: String, target: String) async throws -> [String: Set<Anchor>] {
        guard !values.isEmpty else { return [:] }
        let wanted = Set(values.map { $0.lowercased() })
        let path = path
        return try await read("finding the holders of \(values.count) \(field) value(s) at target \(target)") { db in
            // One pass over the target's rows: the probe keeps only the payloads that can hold one
            // of the values; the payload decides.
            let probe = KeyValueProbe(field: field, lowercasedValues: wanted)
            let statement = try SQLiteStatement(
                "SELECT anchor, payload FROM snapshot_record WHERE target = ?1 AND payload IS NOT NULL", in: db)
            var holders: [String: Set<Anchor>] = [:]
            try statement.forEachRow([.text(target)]) { row in
                guard let text = row.text(1), probe.mayHold(text), let anchorText = row.text(0) else { return }
                let anchor = Anchor(anchorText)
                let payload = try PayloadCoding.decode(text, target: target, anchor: anchor, column: "payload", path: path)
                guard let value = UniqueKeyHashes.text(of: payload[field])?.lowercased(), wanted.contains(value) else { return }
                holders[value, default: []].insert(anchor)
            }
            return holders
        }
    }
}
