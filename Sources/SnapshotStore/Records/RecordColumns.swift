import DirBridgeCore
import Foundation

/// The columns of a record row, whichever backend read it: `anchor, dn, vendor_id, payload_hash,
/// state, last_action, last_error, created_at, updated_at`, in that order.
package protocol RecordColumns {
    func text(_ column: Int32) -> String?
    func double(_ column: Int32) -> Double?
}

extension SnapshotRecord {
    /// Decodes the first nine columns of a record query. Shared by the backends so that a state or
    /// action this build does not know is refused the same way everywhere.
    package init(columns row: some RecordColumns, target: String, payload: TargetPayload?, path: String) throws(SnapshotStoreError) {
        func required<Value>(_ value: Value?, _ column: String, _ anchor: String) throws(SnapshotStoreError) -> Value {
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
        self.init(
            target: target, anchor: anchor, dn: dn, vendorId: row.text(2),
            payloadHash: try required(row.text(3), "payload_hash", storedAnchor), payload: payload,
            state: state, lastAction: lastAction, lastError: row.text(6),
            createdAt: Date(timeIntervalSince1970: try required(row.double(7), "created_at", storedAnchor)),
            updatedAt: Date(timeIntervalSince1970: try required(row.double(8), "updated_at", storedAnchor)))
    }
}

extension PendingRecord {
    /// Decodes a pending-record row: the nine record columns, then `payload`,
    /// `inflight_payload_hash` and `inflight_payload`. Shared by the backends, as
    /// ``SnapshotRecord/init(columns:target:payload:path:)`` is.
    package init(columns row: some RecordColumns, target: String, path: String) throws {
        let anchor = Anchor(row.text(0) ?? "?")
        let storedPayload = try row.text(9).map {
            try PayloadCoding.decode($0, target: target, anchor: anchor, column: "payload", path: path)
        }
        let record = try SnapshotRecord(columns: row, target: target, payload: storedPayload, path: path)
        guard let action = record.lastAction, let inFlightHash = row.text(10), let inFlightText = row.text(11) else {
            throw SnapshotStoreError(
                code: .invalidData, path: path,
                message: "target \(target), anchor \(anchor): pending record without its action in flight")
        }
        self.init(
            record: record, action: action,
            inFlightPayload: try PayloadCoding.decode(
                inFlightText, target: target, anchor: anchor, column: "inflight_payload", path: path),
            inFlightPayloadHash: inFlightHash)
    }
}
