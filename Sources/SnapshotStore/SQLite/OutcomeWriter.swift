import DirBridgeCore
import GRDB

/// Writes outcomes inside one transaction. Each statement is prepared once per transaction and
/// re-bound per outcome through ``SQLiteStatement``.
///
/// Outcomes try the statement for the usual case first and fall back: a create's `pending` mark
/// inserts (ignoring an existing row, then updating it); a success takes its payload from its
/// pending mark when that holds the same hash (see ``EncodedOutcome/deferringSuccess(_:)``);
/// every other outcome updates in place and inserts only when there is no row. An UPDATE costs
/// SQLite a quarter less than an upsert that meets an existing row.
struct OutcomeWriter {
    private let db: Database
    private let target: SQLiteValue
    private let targetName: String
    private let now: SQLiteValue
    private let path: String
    private var statements: [SQLiteStatement?] = Array(repeating: nil, count: Kind.allCases.count)

    private enum Kind: Int, CaseIterable {
        case pendingUpdate, pendingInsert, succeededFromMark, succeededUpdate, succeededInsert, failedUpdate, failedInsert
    }

    init(db: Database, target: String, now: Double, path: String) {
        self.db = db
        self.target = .text(target)
        self.targetName = target
        self.now = .real(now)
        self.path = path
    }

    mutating func write(_ encoded: EncodedOutcome) throws {
        let outcome = encoded.outcome
        let anchor = SQLiteValue.text(outcome.anchor.value)
        let action = SQLiteValue.text(outcome.action.rawValue)
        let dn = SQLiteValue.text(outcome.dn)
        switch outcome.status {
        case .pending(_, let payloadHash):
            let payloadText = SQLiteValue(encoded.payloadText)
            if outcome.action == .create {
                // A create in flight has nothing applied yet: empty hash, no payload, no vendor id.
                try execute(.pendingInsert, [target, anchor, dn, action, .text(payloadHash), payloadText, now])
                if db.changesCount > 0 { return }
            }
            try execute(.pendingUpdate, [target, anchor, action, .text(payloadHash), payloadText, now])
            if db.changesCount == 0 { try requireCreate(outcome) }

        case .succeeded(let vendorId, let payload, let payloadHash):
            let state = SQLiteValue.text((outcome.action == .disable ? RecordState.disabled : .active).rawValue)
            let (keepVendorId, newVendorId): (Bool, String?) =
                switch vendorId {
                case .keep: (true, nil)
                case .set(let id): (false, id)
                case .clear: (false, nil)
                }
            if encoded.payloadText == nil {
                try execute(
                    .succeededFromMark,
                    [
                        target, anchor, dn, SQLiteValue(newVendorId), .text(payloadHash), state, action, now,
                        .integer(keepVendorId ? 1 : 0),
                    ])
                if db.changesCount > 0 { return }
            }
            let payloadText = SQLiteValue(encoded.payloadText ?? PayloadCoding.encode(payload))
            try execute(
                .succeededUpdate,
                [
                    target, anchor, dn, SQLiteValue(newVendorId), .text(payloadHash), payloadText, state, action, now,
                    .integer(keepVendorId ? 1 : 0),
                ])
            if db.changesCount == 0 {
                try execute(
                    .succeededInsert,
                    [target, anchor, dn, SQLiteValue(newVendorId), .text(payloadHash), payloadText, state, action, now])
            }

        case .failed(let error):
            try execute(.failedUpdate, [target, anchor, action, .text(error), now])
            if db.changesCount == 0 {
                try requireCreate(outcome)
                try execute(.failedInsert, [target, anchor, dn, action, .text(error), now])
            }
        }
    }

    private mutating func execute(_ kind: Kind, _ values: [SQLiteValue]) throws {
        if let prepared = statements[kind.rawValue] {
            return try prepared.execute(values)
        }
        let prepared = try SQLiteStatement(Self.sql(kind), in: db)
        statements[kind.rawValue] = prepared
        try prepared.execute(values)
    }

    /// Only a create may bring a record into being before it succeeds. An update, re-import or
    /// disable without a record means the plan was made against another snapshot, and writing on
    /// would hide that.
    private func requireCreate(_ outcome: SnapshotOutcome) throws {
        if outcome.action != .create {
            throw SnapshotStoreError(
                code: .recordNotFound, path: path,
                message: "target \(targetName), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
        }
    }

    private static func sql(_ kind: Kind) -> String {
        switch kind {
        case .pendingUpdate:
            """
            UPDATE snapshot_record SET state = 'pending', last_action = ?3, last_error = NULL,
                inflight_payload_hash = ?4, inflight_payload = ?5, updated_at = ?6
            WHERE target = ?1 AND anchor = ?2
            """
        case .pendingInsert:
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, NULL, '', NULL, 'pending', ?4, NULL, ?5, ?6, ?7, ?7)
            ON CONFLICT (target, anchor) DO NOTHING
            """
        case .succeededFromMark:
            // The payload in flight becomes the applied one: only when it is this payload (same hash).
            """
            UPDATE snapshot_record SET dn = ?3, vendor_id = CASE WHEN ?9 THEN vendor_id ELSE ?4 END,
                payload_hash = ?5, payload = inflight_payload, state = ?6, last_action = ?7, last_error = NULL,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = ?8
            WHERE target = ?1 AND anchor = ?2 AND inflight_payload_hash = ?5 AND inflight_payload IS NOT NULL
            """
        case .succeededUpdate:
            """
            UPDATE snapshot_record SET dn = ?3, vendor_id = CASE WHEN ?10 THEN vendor_id ELSE ?4 END,
                payload_hash = ?5, payload = ?6, state = ?7, last_action = ?8, last_error = NULL,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = ?9
            WHERE target = ?1 AND anchor = ?2
            """
        case .succeededInsert:
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?9, ?9)
            """
        case .failedUpdate:
            """
            UPDATE snapshot_record SET state = 'failed', last_action = ?3, last_error = ?4,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = ?5
            WHERE target = ?1 AND anchor = ?2
            """
        case .failedInsert:
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, NULL, '', NULL, 'failed', ?4, ?5, NULL, NULL, ?6, ?6)
            """
        }
    }
}
