import DirBridgeCore
import Foundation
import GRDB

extension SQLiteSnapshotStore {
    public func records(target: String, sharing pool: StringPool) async throws -> [SnapshotRecord] {
        let path = path
        return try await read("reading records of target \(target)") { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at
                    FROM snapshot_record WHERE target = ? ORDER BY anchor
                    """)
            // Counted first: growing the array by doubling would briefly hold twice the records.
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snapshot_record WHERE target = ?", arguments: [target]) ?? 0
            var records: [SnapshotRecord] = []
            records.reserveCapacity(count)
            let rows = try Row.fetchCursor(statement, arguments: [target])
            while let row = try rows.next() {
                records.append(try Self.record(row, target: target, payload: nil, sharing: pool, path: path))
            }
            return records
        }
    }

    public func payloads(target: String, anchors: [Anchor]) async throws -> [Anchor: TargetPayload] {
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

    public func pendingRecords(target: String) async throws -> [PendingRecord] {
        let path = path
        return try await read("reading pending records of target \(target)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at,
                        payload, inflight_payload_hash, inflight_payload
                    FROM snapshot_record WHERE target = ? AND state = 'pending' ORDER BY anchor
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

    public func record(_ outcomes: [SnapshotOutcome], target: String) async throws {
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
    private static func record(
        _ row: Row, target: String, payload: TargetPayload?, sharing pool: StringPool = .empty, path: String
    ) throws -> SnapshotRecord {
        let (anchorText, dn) = pool.shared(anchor: row[0], dn: row[1])
        let anchor = Anchor(anchorText)
        let stateText: String = row[4]
        guard let state = RecordState(rawValue: stateText) else {
            throw SnapshotStoreError(
                code: .invalidData, path: path, message: "target \(target), anchor \(anchor): unknown state '\(stateText)'")
        }
        var lastAction: ActionKind?
        if let actionText = row[5] as String? {
            guard let action = ActionKind(rawValue: actionText) else {
                throw SnapshotStoreError(
                    code: .invalidData, path: path,
                    message: "target \(target), anchor \(anchor): unknown last action '\(actionText)'")
            }
            lastAction = action
        }
        return SnapshotRecord(
            target: target, anchor: anchor, dn: dn, vendorId: row[2], payloadHash: row[3], payload: payload,
            state: state, lastAction: lastAction, lastError: row[6],
            createdAt: Date(timeIntervalSince1970: row[7]), updatedAt: Date(timeIntervalSince1970: row[8]))
    }

    private static func payload(
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
