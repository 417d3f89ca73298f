import DirBridgeCore
import Foundation
import Logging
import PostgresNIO
import SnapshotStore

/// Writes a batch of outcomes with the SQLite store's per-outcome rules (see `OutcomeWriter`),
/// in a fixed number of round trips whatever the batch's size: the outcomes travel as column
/// arrays that `unnest` turns back into rows. One UPDATE changes every record that exists; the
/// anchors it did not find are checked (only a create may bring a record into being before it
/// succeeds) and inserted by one INSERT.
///
/// PostgreSQL can change a row only once per statement, so an anchor met twice in one batch is
/// written by a second round, after the first: the batch's order is kept.
struct PostgresOutcomeWriter {
    let connection: PostgresConnection
    let target: String
    let path: String
    let logger: Logger

    func write(_ outcomes: [EncodedOutcome]) async throws {
        let now = Date().timeIntervalSince1970
        for round in Self.rounds(outcomes) {
            let columns = OutcomeColumns(round)
            var updated: Set<String> = []
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: Self.updateSQL, binds: columns.binds(target: target, now: now)), logger: logger)
            for try await anchor in rows.decode(String.self) {
                updated.insert(anchor)
            }
            let missing = round.filter { !updated.contains($0.outcome.anchor.value) }
            guard !missing.isEmpty else { continue }
            if let orphan = missing.first(where: { !$0.mayCreateRecord }) {
                let outcome = orphan.outcome
                throw SnapshotStoreError(
                    code: .recordNotFound, path: path,
                    message: "target \(target), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
            }
            try await connection.query(
                PostgresQuery(unsafeSQL: Self.insertSQL, binds: OutcomeColumns(missing).binds(target: target, now: now)),
                logger: logger)
        }
    }

    /// The batch cut where an anchor comes again: an anchor's n-th outcome goes to round n, so
    /// no round holds an anchor twice and each anchor's outcomes are written in their order.
    private static func rounds(_ outcomes: [EncodedOutcome]) -> [[EncodedOutcome]] {
        var rounds: [[EncodedOutcome]] = []
        var occurrences: [String: Int] = [:]
        for outcome in outcomes {
            let round = occurrences[outcome.outcome.anchor.value, default: 0]
            occurrences[outcome.outcome.anchor.value] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(outcome)
        }
        return rounds
    }

    /// `$1` target, `$2` now, then the columns of ``OutcomeColumns`` from `$3`.
    private static let rowsSQL = """
        unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS u(anchor, dn, kind, state, action, body, hash, vendor_mode, vendor_id)
        """

    /// A pending mark keeps the applied hash, payload, dn and vendor id; a success replaces them
    /// (the vendor id as its update says); a failure keeps them and records the error.
    private static let updateSQL = """
        UPDATE snapshot_record AS r SET
            state = u.state,
            last_action = u.action,
            dn = CASE WHEN u.kind = 'succeeded' THEN u.dn ELSE r.dn END,
            vendor_id = CASE u.vendor_mode WHEN 'set' THEN u.vendor_id WHEN 'clear' THEN NULL ELSE r.vendor_id END,
            payload_hash = CASE WHEN u.kind = 'succeeded' THEN u.hash ELSE r.payload_hash END,
            payload = CASE WHEN u.kind = 'succeeded' THEN u.body ELSE r.payload END,
            last_error = CASE WHEN u.kind = 'failed' THEN u.body END,
            inflight_payload_hash = CASE WHEN u.kind = 'pending' THEN u.hash END,
            inflight_payload = CASE WHEN u.kind = 'pending' THEN u.body END,
            updated_at = $2
        FROM \(rowsSQL)
        WHERE r.target = $1 AND r.anchor = u.anchor
        RETURNING r.anchor
        """

    /// A record that did not exist: a create in flight or failed has nothing applied yet (empty
    /// hash, no payload, no vendor id); a success inserts what it applied.
    private static let insertSQL = """
        INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state, last_action, last_error,
            inflight_payload_hash, inflight_payload, created_at, updated_at)
        SELECT $1, u.anchor, u.dn,
            CASE WHEN u.vendor_mode = 'set' THEN u.vendor_id END,
            CASE WHEN u.kind = 'succeeded' THEN u.hash ELSE '' END,
            CASE WHEN u.kind = 'succeeded' THEN u.body END,
            u.state, u.action,
            CASE WHEN u.kind = 'failed' THEN u.body END,
            CASE WHEN u.kind = 'pending' THEN u.hash END,
            CASE WHEN u.kind = 'pending' THEN u.body END,
            $2, $2
        FROM \(rowsSQL)
        """
}

/// Outcomes as parallel arrays of non-null text (PostgresNIO binds no NULL inside an array):
/// `kind` says which of `body` (payload in flight, applied payload or error) and `hash` mean
/// something, and `vendor_mode` (keep, set, clear) what happens to the vendor id.
private struct OutcomeColumns {
    var anchors: [String] = []
    var dns: [String] = []
    var kinds: [String] = []
    var states: [String] = []
    var actions: [String] = []
    var bodies: [String] = []
    var hashes: [String] = []
    var vendorModes: [String] = []
    var vendorIds: [String] = []

    init(_ outcomes: [EncodedOutcome]) {
        for encoded in outcomes {
            let outcome = encoded.outcome
            anchors.append(outcome.anchor.value)
            dns.append(outcome.dn)
            actions.append(outcome.action.rawValue)
            switch outcome.status {
            case .pending(_, let payloadHash):
                append(kind: "pending", state: .pending, body: encoded.payloadText, hash: payloadHash, vendorId: .keep)
            case .succeeded(let vendorId, _, let payloadHash):
                let state: RecordState = outcome.action == .disable ? .disabled : .active
                append(kind: "succeeded", state: state, body: encoded.payloadText, hash: payloadHash, vendorId: vendorId)
            case .failed(let error):
                append(kind: "failed", state: .failed, body: error, hash: "", vendorId: .keep)
            }
        }
    }

    private mutating func append(kind: String, state: RecordState, body: String?, hash: String, vendorId: VendorIdUpdate) {
        kinds.append(kind)
        states.append(state.rawValue)
        bodies.append(body ?? "")
        hashes.append(hash)
        switch vendorId {
        case .keep:
            vendorModes.append("keep")
            vendorIds.append("")
        case .set(let id):
            vendorModes.append("set")
            vendorIds.append(id)
        case .clear:
            vendorModes.append("clear")
            vendorIds.append("")
        }
    }

    func binds(target: String, now: Double) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 11)
        binds.append(target)
        binds.append(now)
        for column in [anchors, dns, kinds, states, actions, bodies, hashes, vendorModes, vendorIds] {
            binds.append(column)
        }
        return binds
    }
}

extension EncodedOutcome {
    /// Only a create may bring a record into being before it succeeds. An update, re-import or
    /// disable without a record means the plan was made against another snapshot, and writing on
    /// would hide that. A success inserts what it applied, as SQLite's store does.
    fileprivate var mayCreateRecord: Bool {
        if case .succeeded = outcome.status { return true }
        return outcome.action == .create
    }
}
