import DirBridgeCore
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore {
    /// The columns ``SnapshotRecord/init(columns:target:payload:path:)`` decodes, in its order.
    static let recordColumns = "anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at"

    package func records(target: String) async throws -> [SnapshotRecord] {
        var records: [SnapshotRecord] = []
        try await forEachRecord(target: target, operation: "reading records of target \(target)") { records.append($0) }
        return records
    }

    package func hasRecords(target: String) async throws -> Bool {
        try await read("reading records of target \(target)") { connection in
            let rows = try await connection.query(
                "SELECT 1 FROM snapshot_record WHERE target = \(target) LIMIT 1", logger: logger)
            for try await _ in rows { return true }
            return false
        }
    }

    package func compare(target: String, into comparison: SnapshotComparison) async throws -> SnapshotComparison {
        var comparison = comparison
        try await forEachRecord(target: target, operation: "comparing records of target \(target)") { comparison.add($0) }
        return comparison
    }

    /// Every record of `target` in anchor order, without payloads, as the rows stream in.
    private func forEachRecord(
        target: String, operation: String, _ body: (SnapshotRecord) -> Void
    ) async throws {
        let path = path
        try await read(operation) { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.recordColumns) FROM snapshot_record WHERE target = \(target) ORDER BY anchor",
                logger: logger)
            for try await row in rows {
                body(try SnapshotRecord(columns: PostgresRecordRow(row), target: target, payload: nil, path: path))
            }
        }
    }

    package func payloads(target: String, anchors: [Anchor]) async throws -> [Anchor: TargetPayload] {
        guard !anchors.isEmpty else { return [:] }
        let path = path
        return try await read("reading payloads of target \(target)") { connection in
            let rows = try await connection.query(
                """
                SELECT anchor, payload FROM snapshot_record
                WHERE target = \(target) AND anchor = ANY(\(anchors.map(\.value))) AND payload IS NOT NULL
                """,
                logger: logger)
            var payloads: [Anchor: TargetPayload] = [:]
            payloads.reserveCapacity(anchors.count)
            for try await (anchorText, text) in rows.decode((String, String).self) {
                let anchor = Anchor(anchorText)
                payloads[anchor] = try PayloadCoding.decode(text, target: target, anchor: anchor, column: "payload", path: path)
            }
            return payloads
        }
    }

    package func pendingRecords(target: String, anchors: [Anchor]?) async throws -> [PendingRecord] {
        let path = path
        return try await read("reading pending records of target \(target)") { connection in
            let rows = if let anchors {
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.recordColumns), payload, inflight_payload_hash, inflight_payload
                    FROM snapshot_record WHERE target = \(target) AND state = 'pending' AND anchor = ANY(\(anchors.map(\.value)))
                    ORDER BY anchor
                    """,
                    logger: logger)
            } else {
                try await connection.query(
                    """
                    SELECT \(unescaped: Self.recordColumns), payload, inflight_payload_hash, inflight_payload
                    FROM snapshot_record WHERE target = \(target) AND state = 'pending' ORDER BY anchor
                    """,
                    logger: logger)
            }
            var pending: [PendingRecord] = []
            for try await row in rows {
                pending.append(try PendingRecord(columns: PostgresRecordRow(row), target: target, path: path))
            }
            return pending
        }
    }

    package func holders(ofVendorIds vendorIds: Set<String>, target: String) async throws -> [String: VendorIdHolder] {
        guard !vendorIds.isEmpty else { return [:] }
        var wanted: [String: String] = [:]
        for id in vendorIds { wanted[id.lowercased()] = id }
        return try await read("finding the holders of \(vendorIds.count) vendor id(s) at target \(target)") { [wanted] connection in
            // Compared in Swift, as SQLite's store does: PostgreSQL's lower() follows the
            // database's locale, which need not fold case as Swift does.
            let rows = try await connection.query(
                "SELECT anchor, dn, vendor_id FROM snapshot_record WHERE target = \(target) AND vendor_id IS NOT NULL",
                logger: logger)
            var holders: [String: VendorIdHolder] = [:]
            for try await (anchor, dn, vendorId) in rows.decode((String, String, String).self) {
                guard let asked = wanted[vendorId.lowercased()] else { continue }
                holders[asked] = VendorIdHolder(anchor: Anchor(anchor), dn: dn)
            }
            return holders
        }
    }

    package func record(_ outcomes: [SnapshotOutcome], target: String) async throws {
        guard !outcomes.isEmpty else { return }
        // Encode outside the transaction: the connection is held only for the database's work.
        let encoded = outcomes.map(EncodedOutcome.init)
        let path = path
        try await write("recording \(outcomes.count) outcome(s) for target \(target)") { connection in
            let writer = PostgresOutcomeWriter(connection: connection, target: target, path: path, logger: logger)
            try await writer.write(encoded)
        }
    }
}
