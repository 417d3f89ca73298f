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
            try Self.forEachRecord(db, target: target, path: path) { comparison.add($0) }
            return comparison
        }
    }

    /// Every record of `target` in anchor order, without payloads. Through SQLite's C API: the
    /// largest read of a run, where decoding each column into a GRDB row first cost as much
    /// as the query.
    private static func forEachRecord(
        _ db: Database, target: String, path: String, _ body: (SnapshotRecord) -> Void
    ) throws {
        let statement = try SQLiteStatement("""
            SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at
            FROM snapshot_record WHERE target = ?1 ORDER BY anchor
            """, in: db)
        try statement.forEachRow([.text(target)]) { row in
            body(try record(row, target: target, payload: nil, path: path))
        }
    }

    package func payloads(target: String, anchors: [Anchor]) async throws -> [Anchor: TargetPayload] {
        let path = path
        return try await read("reading payloads of target \(target)") { db in
            let statement = try db.cachedStatement(
                sql: "SELECT payload FROM snapshot_record WHERE target = ? AND anchor = ? AND payload IS NOT NULL")
            var payloads: [Anchor: TargetPayload] = [:]
            payloads.reserveCapacity(anchors.count)
            for anchor in anchors {
                guard let text = try String.fetchOne(statement, arguments: [target, anchor.value]) else { continue }
                payloads[anchor] = try Self.payload(text, target: target, anchor: anchor, column: "payload", path: path)
            }
            return payloads
        }
    }

    package func pendingRecords(target: String) async throws -> [PendingRecord] {
        let path = path
        return try await read("reading pending records of target \(target)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at,
                        payload, inflight_payload_hash, inflight_payload
                    FROM snapshot_record WHERE target = ? AND state IN ('pending', 'failed') AND state = 'pending' ORDER BY anchor
                    """,
                arguments: [target])
            return try rows.map { row in
                let anchor = Anchor(row[0])
                let storedPayload = try (row[9] as String?).map {
                    try Self.payload($0, target: target, anchor: anchor, column: "payload", path: path)
                }
                let record = try Self.record(row, target: target, payload: storedPayload, path: path)
                guard let action = record.lastAction, let inFlightHash = row[10] as String?,
                    let inFlightText = row[11] as String?
                else {
                    throw SnapshotStoreError(
                        code: .invalidData, path: path,
                        message: "target \(target), anchor \(anchor): pending record without its action in flight")
                }
                return PendingRecord(
                    record: record, action: action,
                    inFlightPayload: try Self.payload(
                        inFlightText, target: target, anchor: anchor, column: "inflight_payload", path: path),
                    inFlightPayloadHash: inFlightHash)
            }
        }
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
        let encoded = outcomes.map(EncodedOutcome.init)
        let now = Date().timeIntervalSince1970
        try await write("recording \(outcomes.count) outcome(s) for target \(target)") { db in
            var writer = OutcomeWriter(db: db, target: target, now: now, path: path)
            for outcome in encoded {
                try writer.write(outcome)
            }
        }
    }

    // MARK: - Decoding rows

    /// Decodes the first nine columns of a record query.
    static func record(
        _ row: some RecordColumns, target: String, payload: TargetPayload?, path: String
    ) throws -> SnapshotRecord {
        func required<Value>(_ value: Value?, _ column: String, _ anchor: String) throws -> Value {
            guard let value else {
                throw SnapshotStoreError(code: .invalidData, path: path, message: "target \(target), anchor \(anchor): \(column) is NULL")
            }
            return value
        }
        let storedAnchor = try required(row.text(0), "anchor", "?")
        let dn = try required(row.text(1), "dn", storedAnchor)
        let anchor = Anchor(storedAnchor)
        let stateText = try required(row.text(4), "state", storedAnchor)
        guard let state = RecordState(rawValue: stateText) else {
            throw SnapshotStoreError(
                code: .invalidData, path: path, message: "target \(target), anchor \(anchor): unknown state '\(stateText)'")
        }
        var lastAction: ActionKind?
        if let actionText = row.text(5) {
            guard let action = ActionKind(rawValue: actionText) else {
                throw SnapshotStoreError(
                    code: .invalidData, path: path,
                    message: "target \(target), anchor \(anchor): unknown last action '\(actionText)'")
            }
            lastAction = action
        }
        return SnapshotRecord(
            target: target, anchor: anchor, dn: dn, vendorId: row.text(2),
            payloadHash: try required(row.text(3), "payload_hash", storedAnchor), payload: payload,
            state: state, lastAction: lastAction, lastError: row.text(6),
            createdAt: Date(timeIntervalSince1970: try required(row.double(7), "created_at", storedAnchor)),
            updatedAt: Date(timeIntervalSince1970: try required(row.double(8), "updated_at", storedAnchor)))
    }

    static func payload(
        _ text: String, target: String, anchor: Anchor, column: String, path: String
    ) throws -> TargetPayload {
        do {
            return try PayloadCoding.decode(text)
        } catch {
            throw SnapshotStoreError(
                code: .invalidData, path: path,
                message: "target \(target), anchor \(anchor): stored \(column) is not a valid payload: \(error)")
        }
    }
}

/// An outcome with its payload already encoded, ready for the write transaction.
struct EncodedOutcome: Sendable {
    var outcome: SnapshotOutcome
    var payloadText: String?

    init(_ outcome: SnapshotOutcome) {
        self.outcome = outcome
        payloadText =
            switch outcome.status {
            case .pending(let payload, _), .succeeded(_, let payload, _): PayloadCoding.encode(payload)
            case .failed: nil
            }
    }
}

/// The columns of a record row, from GRDB or from SQLite directly.
protocol RecordColumns {
    func text(_ column: Int32) -> String?
    func double(_ column: Int32) -> Double?
}

extension Row: RecordColumns {
    func text(_ column: Int32) -> String? { self[Int(column)] }
    func double(_ column: Int32) -> Double? { self[Int(column)] }
}
