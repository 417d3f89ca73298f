import DirBridgeCore
import GRDB

/// Writes outcomes inside one transaction. Each statement is prepared once per transaction and
/// re-bound per outcome through ``SQLiteStatement``.
struct OutcomeWriter {
    private let db: Database
    private let target: SQLiteValue
    private let targetName: String
    private let now: SQLiteValue
    private let path: String
    private var pendingCreate: SQLiteStatement?
    private var pendingExisting: SQLiteStatement?
    private var succeeded: SQLiteStatement?
    private var failedCreate: SQLiteStatement?
    private var failedExisting: SQLiteStatement?

    private enum Kind {
        case pendingCreate, pendingExisting, succeeded, failedCreate, failedExisting
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
        let payloadText = SQLiteValue(encoded.payloadText)
        switch outcome.status {
        case .pending(_, let payloadHash):
            if outcome.action == .create {
                try statement(\.pendingCreate, .pendingCreate).execute([
                    target, anchor, dn, action, .text(payloadHash), payloadText, now,
                ])
            } else {
                try statement(\.pendingExisting, .pendingExisting).execute([
                    target, anchor, action, .text(payloadHash), payloadText, now,
                ])
                try requireChange(outcome)
            }

        case .succeeded(let vendorId, _, let payloadHash):
            let state: RecordState = outcome.action == .disable ? .disabled : .active
            let (keepVendorId, newVendorId): (Bool, String?) =
                switch vendorId {
                case .keep: (true, nil)
                case .set(let id): (false, id)
                case .clear: (false, nil)
                }
            try statement(\.succeeded, .succeeded).execute([
                target, anchor, dn, SQLiteValue(newVendorId), .text(payloadHash), payloadText, .text(state.rawValue),
                action, now, .integer(keepVendorId ? 1 : 0),
            ])

        case .failed(let error):
            if outcome.action == .create {
                try statement(\.failedCreate, .failedCreate).execute([target, anchor, dn, action, .text(error), now])
            } else {
                try statement(\.failedExisting, .failedExisting).execute([target, anchor, action, .text(error), now])
                try requireChange(outcome)
            }
        }
    }

    private mutating func statement(
        _ slot: WritableKeyPath<OutcomeWriter, SQLiteStatement?>, _ kind: Kind
    ) throws -> SQLiteStatement {
        if let prepared = self[keyPath: slot] { return prepared }
        let prepared = try SQLiteStatement(Self.sql(kind), in: db)
        self[keyPath: slot] = prepared
        return prepared
    }

    /// An update, re-import or disable acts on a stored record; none means the plan was made
    /// against another snapshot, and writing on would hide that.
    private func requireChange(_ outcome: SnapshotOutcome) throws {
        if db.changesCount == 0 {
            throw SnapshotStoreError(
                code: .recordNotFound, path: path,
                message: "target \(targetName), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
        }
    }

    private static func sql(_ kind: Kind) -> String {
        switch kind {
        case .pendingCreate:
            // A create in flight has nothing applied yet: empty hash, no payload, no vendor id.
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, NULL, '', NULL, 'pending', ?4, NULL, ?5, ?6, ?7, ?7)
            ON CONFLICT (target, anchor) DO UPDATE SET state = 'pending',
                last_action = excluded.last_action, last_error = NULL,
                inflight_payload_hash = excluded.inflight_payload_hash,
                inflight_payload = excluded.inflight_payload, updated_at = excluded.updated_at
            """
        case .pendingExisting:
            """
            UPDATE snapshot_record SET state = 'pending', last_action = ?3, last_error = NULL,
                inflight_payload_hash = ?4, inflight_payload = ?5, updated_at = ?6
            WHERE target = ?1 AND anchor = ?2
            """
        case .succeeded:
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, NULL, NULL, ?9, ?9)
            ON CONFLICT (target, anchor) DO UPDATE SET dn = excluded.dn,
                vendor_id = CASE WHEN ?10 THEN vendor_id ELSE excluded.vendor_id END,
                payload_hash = excluded.payload_hash, payload = excluded.payload, state = excluded.state,
                last_action = excluded.last_action, last_error = NULL,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = excluded.updated_at
            """
        case .failedCreate:
            """
            INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state,
                last_action, last_error, inflight_payload_hash, inflight_payload, created_at, updated_at)
            VALUES (?1, ?2, ?3, NULL, '', NULL, 'failed', ?4, ?5, NULL, NULL, ?6, ?6)
            ON CONFLICT (target, anchor) DO UPDATE SET state = 'failed',
                last_action = excluded.last_action, last_error = excluded.last_error,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = excluded.updated_at
            """
        case .failedExisting:
            """
            UPDATE snapshot_record SET state = 'failed', last_action = ?3, last_error = ?4,
                inflight_payload_hash = NULL, inflight_payload = NULL, updated_at = ?5
            WHERE target = ?1 AND anchor = ?2
            """
        }
    }
}
