import DirBridgeCore
import Foundation
import PostgresNIO
import SnapshotStore

/// What a delta read's plan needs from the store: the cursor, and the records of the users the
/// directory reported changed (by primary key), never a scan of every record's columns.
extension PostgresSnapshotStore {
    package func directoryCursor(source: String) async throws -> DirectoryCursor? {
        let path = path
        return try await read("reading the directory cursor of \(source)") { connection in
            let rows = try await connection.query(
                """
                SELECT cookie, configuration_fingerprint, group_fingerprint, full_read_at, revisit, next_account_expiry
                FROM directory_cursor WHERE source = \(source)
                """,
                logger: logger)
            for try await (cookie, configuration, groups, fullReadAt, revisitText, nextAccountExpiry) in rows.decode(
                (ByteBuffer, String, String, Double, String, Double?).self)
            {
                guard let revisit = try? JSONDecoder().decode([String].self, from: Data(revisitText.utf8)) else {
                    throw SnapshotStoreError(
                        code: .invalidData, path: path,
                        message: "directory cursor of \(source): revisit is not a JSON list of anchors")
                }
                return DirectoryCursor(
                    source: source, cookie: Array(buffer: cookie), configurationFingerprint: configuration,
                    groupFingerprint: groups, fullReadAt: Date(timeIntervalSince1970: fullReadAt), revisit: revisit.map(Anchor.init),
                    nextAccountExpiry: nextAccountExpiry.map(Date.init(timeIntervalSince1970:)))
            }
            return nil
        }
    }

    package func saveDirectoryCursor(_ cursor: DirectoryCursor, groups: DirectoryGroupChanges) async throws {
        let revisitText = FieldValue.list(cursor.revisit.map { .string($0.value) }).canonicalJSON
        let upserted = groups.upserts.sorted { $0.key < $1.key }
        let keys = upserted.map(\.key)
        let digests = upserted.map(\.value.digest)
        let edges = upserted.map { StoredGroupEdges.encode($0.value.edges) }
        try await write("saving the directory cursor of \(cursor.source)") { connection in
            let source = cursor.source
            if !groups.removals.isEmpty {
                try await connection.query(
                    "DELETE FROM directory_group WHERE source = \(source) AND group_key = ANY(\(groups.removals))", logger: logger)
            }
            if !keys.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO directory_group (source, group_key, digest, edges)
                    SELECT \(source), u.group_key, u.digest, u.edges
                    FROM unnest(\(keys)::text[], \(digests)::text[], \(edges)::text[]) AS u(group_key, digest, edges)
                    ON CONFLICT (source, group_key) DO UPDATE SET digest = excluded.digest, edges = excluded.edges
                    """,
                    logger: logger)
            }
            try await connection.query(
                """
                INSERT INTO directory_cursor
                    (source, cookie, configuration_fingerprint, group_fingerprint, full_read_at, revisit, next_account_expiry)
                VALUES (\(source), \(ByteBuffer(bytes: cursor.cookie)), \(cursor.configurationFingerprint),
                    \(cursor.groupFingerprint), \(cursor.fullReadAt.timeIntervalSince1970), \(revisitText),
                    \(cursor.nextAccountExpiry?.timeIntervalSince1970))
                ON CONFLICT (source) DO UPDATE SET cookie = excluded.cookie,
                    configuration_fingerprint = excluded.configuration_fingerprint,
                    group_fingerprint = excluded.group_fingerprint, full_read_at = excluded.full_read_at,
                    revisit = excluded.revisit, next_account_expiry = excluded.next_account_expiry
                """,
                logger: logger)
        }
    }

    package func directoryGroupDigests(source: String) async throws -> [String: String] {
        try await read("reading the group digests of \(source)") { connection in
            var digests: [String: String] = [:]
            for try await (group, digest) in try await connection.query(
                "SELECT group_key, digest FROM directory_group WHERE source = \(source)", logger: logger
            ).decode((String, String).self) {
                digests[group] = digest
            }
            return digests
        }
    }

    package func directoryGroupEdges(source: String, groups: [String]) async throws -> [String: [String]] {
        guard !groups.isEmpty else { return [:] }
        let path = path
        return try await read("reading the edges of \(groups.count) group(s) of \(source)") { connection in
            var edges: [String: [String]] = [:]
            for try await (group, text) in try await connection.query(
                "SELECT group_key, edges FROM directory_group WHERE source = \(source) AND group_key = ANY(\(groups))",
                logger: logger
            ).decode((String, String).self) {
                edges[group] = try StoredGroupEdges.decode(text, group: group, source: source, path: path)
            }
            return edges
        }
    }

    package func records(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord] {
        guard !anchors.isEmpty else { return [] }
        let path = path
        return try await read("reading \(anchors.count) record(s) of target \(target)") { connection in
            var found: [Anchor: SnapshotRecord] = [:]
            for try await row in try await connection.query(
                """
                SELECT \(unescaped: Self.recordColumns) FROM snapshot_record
                WHERE target = \(target) AND anchor = ANY(\(anchors.map(\.value)))
                """,
                logger: logger)
            {
                let record = try SnapshotRecord(columns: PostgresRecordRow(row), target: target, payload: nil, path: path)
                found[record.anchor] = record
            }
            // In the order asked, as the SQLite store returns them.
            return anchors.compactMap { found[$0] }
        }
    }

    package func releaseRecords(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord] {
        let released = try await records(target: target, anchors: anchors)
        try await write("releasing \(released.count) record(s) of target \(target)") { connection in
            try await connection.query(
                "DELETE FROM snapshot_record WHERE target = \(target) AND anchor = ANY(\(released.map(\.anchor.value)))", logger: logger)
        }
        return released
    }

    package func managedRecordCount(target: String) async throws -> Int {
        try await read("counting the managed records of target \(target)") { connection in
            for try await count in try await connection.query(
                "SELECT count(*) FROM snapshot_record WHERE target = \(target) AND state <> 'disabled'", logger: logger
            ).decode(Int.self) {
                return count
            }
            return 0
        }
    }

    package func unsettledAnchors(target: String) async throws -> [Anchor] {
        try await read("reading the unsettled records of target \(target)") { connection in
            var anchors: [Anchor] = []
            for try await anchor in try await connection.query(
                "SELECT anchor FROM snapshot_record WHERE target = \(target) AND state IN ('pending', 'failed') ORDER BY anchor",
                logger: logger
            ).decode(String.self) {
                anchors.append(Anchor(anchor))
            }
            return anchors
        }
    }

    package func anchorsHolding(values: Set<String>, field: String, target: String) async throws -> [String: Set<Anchor>] {
        guard !values.isEmpty else { return [:] }
        let wanted = Set(values.map { $0.lowercased() })
        let patterns = KeyValuePatterns.likePatterns(for: wanted)
        let path = path
        return try await read("finding the holders of \(values.count) \(field) value(s) at target \(target)") { connection in
            // One pass over the target's rows; ILIKE keeps only the payloads that can hold a value
            // when the values are few and ASCII. The payload decides.
            let filter: PostgresQuery =
                patterns.isEmpty
                ? "SELECT anchor, payload FROM snapshot_record WHERE target = \(target) AND payload IS NOT NULL"
                : """
                    SELECT anchor, payload FROM snapshot_record
                    WHERE target = \(target) AND payload IS NOT NULL AND payload ILIKE ANY(\(patterns))
                    """
            var holders: [String: Set<Anchor>] = [:]
            for try await (anchorText, text) in try await connection.query(filter, logger: logger).decode((String, String).self) {
                let anchor = Anchor(anchorText)
                let payload = try PayloadCoding.decode(text, target: target, anchor: anchor, column: "payload", path: path)
                guard let value = UniqueKeyHashes.text(of: payload[field])?.lowercased(), wanted.contains(value) else { continue }
                holders[value, default: []].insert(anchor)
            }
            return holders
        }
    }
}
