import DirBridgeCore
import Foundation
import GRDB

extension SQLiteSnapshotStore {
    package func records(target: String) async throws -> [SnapshotRecord] {
        let path = path
        return try await read("reading records of target \(target)") { db in
            var records: [SnapshotRecord] = []
            try Self.forEachRecord(db, target: target, path: path) { records.append($0) }
            return records
        }
    }

    package func hasRecords(target: String) async throws -> Bool {
        try await read("reading records of target \(target)") { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM snapshot_record WHERE target = ? LIMIT 1", arguments: [target]) ?? false
        }
    }

    package func compare(
        target: String, into comparison: SnapshotComparison
    ) async throws -> SnapshotComparison {
        let path = path
        return try await read("comparing records of target \(target)") { db in
            var comparison = comparison
            try Self.forEachRow(db, target: target) { row in
                // Most rows need no action: judged on their columns, without building a record.
                let unchanged = comparison.addIfUnchanged(
                    anchor: row.bytes(0), isActive: row.bytes(4).elementsEqual("active".utf8),
                    payloadHash: row.bytes(3), dn: row.bytes(1))
                if !unchanged {
                    comparison.add(try SnapshotRecord(columns: row, target: target, payload: nil, path: path))
                }
            }
            return comparison
        }
    }

    /// Every record of `target` in anchor order, without payloads. Through SQLite's C API: the
    /// largest read of a run, where decoding each column into a GRDB row first cost as much
    /// as the query.
    private static func forEachRecord(
        _ db: Database, target: String, path: String, _ body: (SnapshotRecord) -> Void
    ) throws {
        try forEachRow(db, target: target) { row in
            body(try SnapshotRecord(columns: row, target: target, payload: nil, path: path))
        }
    }

    /// Every record row of `target` in anchor order, with the columns `SnapshotRecord(columns:…)` reads.
    private static func forEachRow(_ db: Database, target: String, _ body: (SQLiteRow) throws -> Void) throws {
        let statement = try SQLiteStatement("""
            SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at
            FROM snapshot_record WHERE target = ?1 ORDER BY anchor
            """, in: db)
        try statement.forEachRow([.text(target)], body)
    }

    package func payloads(target: String, anchors: [Anchor]) async throws -> [Anchor: TargetPayload] {
        let path = path
        return try await read("reading payloads of target \(target)") { db in
            // Through SQLite's C API, decoded from the column's bytes: a delta asks for each
            // changed user's payload at every target, where GRDB's row and a String per payload
            // cost as much as the lookup.
            let statement = try SQLiteStatement(
                "SELECT payload FROM snapshot_record WHERE target = ?1 AND anchor = ?2 AND payload IS NOT NULL", in: db)
            var payloads: [Anchor: TargetPayload] = [:]
            payloads.reserveCapacity(anchors.count)
            // In key order, each lookup descends next to the last: the B-tree pages it shares with
            // it are still in the reader's small cache, not read from the file again.
            for anchor in anchors.sorted() {
                try statement.forEachRow([.text(target), .text(anchor.value)]) { row in
                    payloads[anchor] = try PayloadCoding.decode(
                        utf8: row.bytes(0), target: target, anchor: anchor, column: "payload", path: path)
                }
            }
            return payloads
        }
    }

    package func pendingRecords(target: String, anchors: [Anchor]?) async throws -> [PendingRecord] {
        let path = path
        return try await read("reading pending records of target \(target)") { db in
            var pending: [PendingRecord] = []
            // Cursors, not fetchAll: a tenant's worth of pending creates would be held twice, as
            // GRDB rows and as records.
            func append(_ rows: RowCursor) throws {
                while let row = try rows.next() {
                    pending.append(try PendingRecord(columns: row, target: target, path: path))
                }
            }
            if let anchors {
                let statement = try db.makeStatement(sql: Self.pendingRecordsSQL(ofAnchor: true))
                for anchor in Set(anchors).sorted() {
                    try append(Row.fetchCursor(statement, arguments: [target, anchor.value]))
                }
            } else {
                try append(Row.fetchCursor(db, sql: Self.pendingRecordsSQL(ofAnchor: false), arguments: [target]))
            }
            return pending
        }
    }

    /// The pending records of a target (`?1`), or of one anchor (`?2`). `state IN ('pending',
    /// 'failed')` is the partial index's condition: without it SQLite reads every row of the
    /// target, on every run, to find none pending.
    static func pendingRecordsSQL(ofAnchor: Bool) -> String {
        """
        SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at,
            payload, inflight_payload_hash, inflight_payload
        FROM snapshot_record WHERE target = ? AND state IN ('pending', 'failed') AND state = 'pending'
        """ + (ofAnchor ? " AND anchor = ?" : " ORDER BY anchor")
    }

    package func holders(ofVendorIds vendorIds: Set<String>, target: String) async throws -> [String: VendorIdHolder] {
        guard !vendorIds.isEmpty else { return [:] }
        var wanted: [String: String] = [:]
        for id in vendorIds { wanted[id.lowercased()] = id }
        return try await read("finding the holders of \(vendorIds.count) vendor id(s) at target \(target)") { [wanted] db in
            // One pass over the target's records (no index on vendor_id: see SnapshotSchema), not one per id.
            let statement = try SQLiteStatement(
                "SELECT anchor, dn, vendor_id FROM snapshot_record WHERE target = ?1 AND vendor_id IS NOT NULL", in: db)
            var holders: [String: VendorIdHolder] = [:]
            try statement.forEachRow([.text(target)]) { row in
                guard let vendorId = row.text(2), let asked = wanted[vendorId.lowercased()],
                    let anchor = row.text(0), let dn = row.text(1)
                else { return }
                holders[asked] = VendorIdHolder(anchor: Anchor(anchor), dn: dn)
            }
            return holders
        }
    }

    package func record(_ outcomes: [SnapshotOutcome], target: String) async throws {
        guard !outcomes.isEmpty else { return }
        let path = path
        // Encode outside the write transaction: the writer is held only for SQLite work.
        let encoded = outcomes.map(EncodedOutcome.deferringSuccess)
        let now = Date().timeIntervalSince1970
        try await write("recording \(outcomes.count) outcome(s) for target \(target)") { db in
            var writer = OutcomeWriter(db: db, target: target, now: now, path: path)
            for outcome in encoded {
                try writer.write(outcome)
            }
        }
    }
}

extension Row: RecordColumns {
    package func text(_ column: Int32) -> String? { self[Int(column)] }
    package func double(_ column: Int32) -> Double? { self[Int(column)] }
}
