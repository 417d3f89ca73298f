import DirBridgeCore
import GRDB

/// Writes outcomes inside one transaction. Each statement is prepared once per transaction and
/// re-bound per outcome: at 100k outcomes, looking statements up by their SQL text per row cost
/// as much as SQLite's own work.
struct OutcomeWriter {
    private let db: Database
    private let target: String
    private let now: Double
    private let path: String
    private var statements: [Kind: Statement] = [:]

    private enum Kind: Hashable {
        case pendingCreate, pendingExisting, succeeded, failedCreate, failedExisting
    }

    init(db: Database, target: String, now: Double, path: String) {
        self.db = db
        self.target = target
        self.now = now
        self.path = path
    }

    mutating func write(_ encoded: EncodedOutcome) throws {
        let outcome = encoded.outcome
        let anchor = outcome.anchor.value
        let action = outcome.action.rawValue
        switch outcome.status {
        case .pending(_, let payloadHash):
            if outcome.action == .create {
                try execute(.pendingCreate, [target, anchor, outcome.dn, action, payloadHash, encoded.payloadText, now])
            } else {
                try execute(.pendingExisting, [target, anchor, action, payloadHash, encoded.payloadText, now])
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
            try execute(
                .succeeded,
                [
                    target, anchor, outcome.dn, newVendorId, payloadHash, encoded.payloadText, state.rawValue, action,
                    now, keepVendorId,
                ])

        case .failed(let error):
            if outcome.action == .create {
                try execute(.failedCreate, [target, anchor, outcome.dn, action, error, now])
            } else {
                try execute(.failedExisting, [target, anchor, action, error, now])
                try requireChange(outcome)
            }
        }
    }

    private mutating func execute(_ kind: Kind, _ arguments: StatementArguments) throws {
        let statement: Statement
        if let prepared = statements[kind] {
            statement = prepared
        } else {
            statement = try db.cachedStatement(sql: Self.sql(kind))
            statements[kind] = statement
        }
        // The argument count is fixed by the code above; skip GRDB's per-row validation.
        statement.setUncheckedArguments(arguments)
        try statement.execute()
    }

    /// An update, re-import or disable acts on a stored record; none means the plan was made
    /// against another snapshot, and writing on would hide that.
    private func requireChange(_ outcome: SnapshotOutcome) throws {
        if db.changesCount == 0 {
            throw SnapshotStoreError(
                code: .recordNotFound, path: path,
                message: "target \(target), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
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
