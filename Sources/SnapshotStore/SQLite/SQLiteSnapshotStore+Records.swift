import DirBridgeCore
import Foundation
import GRDB

extension SQLiteSnapshotStore {
    public func records(target: String) async throws -> [SnapshotRecord] {
        let path = path
        return try await read("reading records of target \(target)") { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT anchor, dn, vendor_id, payload_hash, state, last_action, last_error, created_at, updated_at
                    FROM snapshot_record WHERE target = ? ORDER BY anchor
                    """)
            var records: [SnapshotRecord] = []
            let rows = try Row.fetchCursor(statement, arguments: [target])
            while let row = try rows.next() {
                records.append(try Self.record(row, target: target, payload: nil, path: path))
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
            for outcome in encoded {
                try Self.write(outcome, target: target, now: now, db: db, path: path)
            }
        }
    }

    // MARK: - Writing one outcome

    private static func write(_ outcome: EncodedOutcome, target: String, now: Double, db: Database, path: String) throws {
        let anchor = outcome.outcome.anchor.value
        let action = outcome.outcome.action
        let dn = outcome.outcome.dn
        switch outcome.outcome.status {
        case .pending(_, let payloadHash):
            if action == .create {
                // A create in flight has nothing applied yet: empty hash, no payload, no vendor id.
                try db.cachedStatement(
                    sql: """
                        INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                            last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
                        VALUES (?1, ?2, ?3, NULL, '', NULL, 'pending', ?4, NULL, ?5, ?6, ?7, ?7)
                        ON CONFLICT (target, anchor) DO UPDATE SET state = 'pending',
                            last_action = excluded.last_action, last_error = NULL,
                            inflight_payload_hash = excluded.inflight_payload_hash,
                            inflight_payload = excluded.inflight_payload, updated_at = excluded.updated_at
                        """
                ).execute(arguments: [target, anchor, dn, action.rawValue, payloadHash, outcome.payloadText, now])
            } else {
                try db.cachedStatement(
                    sql: """
                        UPDATE snapshot_record SET state = 'pending', last_action = ?3, last_error = NULL,
                            inflight_payload_hash = ?4, inflight_payload = ?5, updated_at = ?6
                        WHERE target = ?1 AND anchor = ?2
                        """
                ).execute(arguments: [target, anchor, action.rawValue, payloadHash, outcome.payloadText, now])
                try requireChange(db, target: target, outcome: outcome.outcome, path: path)
            }

        case .succeeded(let vendorId, _, let payloadHash):
            let state: RecordState = action == .disable ? .disabled : .active
            let (keepVendorId, newVendorId): (Bool, String?) =
                switch vendorId {
                case .keep: (true, nil)
                case .set(let id): (false, id)
                case .clear: (false, nil)
                }
            try db.cachedStatement(
                sql: """
                    INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                        last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?9, ?9)
                    ON CONFLICT (target, anchor) DO UPDATE SET dn = excluded.dn,
                        vendor_id = CASE WHEN ?10 THEN vendor_id ELSE excluded.vendor_id END,
                        payload_hash = excluded.payload_hash, payload = excluded.payload, state = excluded.state,
                        last_action = excluded.last_action, last_error = NULL,
                        inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = excluded.updated_at
                    """
            ).execute(arguments: [
                target, anchor, dn, newVendorId, payloadHash, outcome.payloadText, state.rawValue, action.rawValue, now,
                keepVendorId,
            ])

        case .failed(let error):
            if action == .create {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                            last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
                        VALUES (?1, ?2, ?3, NULL, '', NULL, 'failed', ?4, ?5, NULL, NULL, ?6, ?6)
                        ON CONFLICT (target, anchor) DO UPDATE SET state = 'failed',
                            last_action = excluded.last_action, last_error = excluded.last_error,
                            inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = excluded.updated_at
                        """
                ).execute(arguments: [target, anchor, dn, action.rawValue, error, now])
            } else {
                try db.cachedStatement(
                    sql: """
                        UPDATE snapshot_record SET state = 'failed', last_action = ?3, last_error = ?4,
                            inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = ?5
                        WHERE target = ?1 AND anchor = ?2
                        """
                ).execute(arguments: [target, anchor, action.rawValue, error, now])
                try requireChange(db, target: target, outcome: outcome.outcome, path: path)
            }
        }
    }

    /// An update, re-import or disable acts on a stored record; none means the plan was made
    /// against another snapshot, and writing on would hide that.
    private static func requireChange(_ db: Database, target: String, outcome: SnapshotOutcome, path: String) throws {
        if db.changesCount == 0 {
            throw SnapshotStoreError(
                code: .recordNotFound, path: path,
                message: "target \(target), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
        }
    }

    // MARK: - Decoding rows

    /// Decodes the first nine columns of a record query.
    private static func record(_ row: Row, target: String, payload: TargetPayload?, path: String) throws -> SnapshotRecord {
        let anchor = Anchor(row[0])
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
            target: target, anchor: anchor, dn: row[1], vendorId: row[2], payloadHash: row[3], payload: payload,
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
private struct EncodedOutcome: Sendable {
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
