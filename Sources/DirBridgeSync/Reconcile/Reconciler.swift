import Connectors
import DirBridgeConfig
import DirBridgeCore
import Logging
import SnapshotStore

/// Plans the repair of drift between the snapshot and a vendor's live state (someone deleted or
/// edited a user in the vendor's UI): every user the snapshot holds as active is looked up at the
/// vendor where it has a lookup; users that are gone get a `create`, every other active user an
/// `update` carrying the full payload. Vendors without a lookup (Sertica) simply get everything
/// re-sent, which their idempotent import allows. Nothing is written: the repairs join the
/// session's plan (``SyncSession/reconciles``) and are sent, recorded and reported like any action.
///
/// Leavers are checked too, since one re-enabled (or re-made under his id) in the vendor's UI
/// keeps access that no sync would ever notice: every record dirbridge deprovisioned is looked
/// up, and one the vendor still holds under his id gets his deprovision again. Where there is no
/// lookup, it is sent again only if the connector says a deprovision can be repeated blind.
package struct Reconciler {
    package let store: any SnapshotStore
    package let logger: Logger

    package init(store: any SnapshotStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    package struct Result: Sendable {
        package var target: String
        package var checked = 0
        package var missing = 0
        /// Users whose key finds an account another user owns.
        package var conflicts = 0
        package var lookupUnsupported = false
        /// Deprovisioned users (leavers) checked, and those the vendor still held: deprovisioned again.
        package var leaversChecked = 0
        package var leaversStillThere = 0
        /// The repair actions, one per checked user and one per leaver deprovisioned again.
        package var repairs: [SyncAction] = []

        /// What was checked and found, for the operator: `reconcile`'s output, the daemon's log.
        package var summary: String {
            let lookup = lookupUnsupported ? "no lookup API: everything re-sent" : "\(missing) missing at the vendor"
            let conflicts = conflicts > 0 ? ", \(conflicts) whose key finds another user's account" : ""
            let leavers = leaversChecked == 0 ? ""
                : lookupUnsupported ? "; \(leaversChecked) leavers deprovisioned again"
                : "; \(leaversChecked) leavers checked, \(leaversStillThere) still held: deprovisioned again"
            return "\(checked) managed users checked, \(lookup)\(conflicts)\(leavers)"
        }
    }

    /// The repairs for `target`, through its open connector.
    package func repairs(target: TargetConfiguration, connector: any ImportConnector) async throws -> Result {
        var result = Result(target: target.name)
        let records = try await store.records(target: target.name)
        let active = records.filter { $0.state == .active }
        let leavers = connector.deprovision == .ignore ? [] : records.filter { $0.state == .disabled && $0.vendorId != nil }
        guard !active.isEmpty || !leavers.isEmpty else { return result }
        // One read of the stored payloads for both: the active users and the leavers.
        let payloads = try await store.payloads(target: target.name, anchors: (active + leavers).map(\.anchor))
        if !active.isEmpty {
            try await replan(active, payloads: payloads, target: target, connector: connector, result: &result)
        }
        if !leavers.isEmpty {
            try await redeprovision(leavers, payloads: payloads, target: target, connector: connector, result: &result)
        }
        return result
    }

    private func redeprovision(
        _ leavers: [SnapshotRecord], payloads: [Anchor: TargetPayload], target: TargetConfiguration,
        connector: any ImportConnector, result: inout Result
    ) async throws {
        let still: [SnapshotRecord]
        if connector.matchField != nil {
            let checked = leavers.filter { payloads[$0.anchor] != nil }
            result.leaversChecked = checked.count
            let found = try await lookUp(checked, payloads: payloads, through: connector)
            still = checked.filter { record in
                guard case .found(let id)? = found[record.anchor] else { return false }
                guard id.lowercased() == record.vendorId?.lowercased() else {
                    // Not his account: another one made under his key is nobody's to deprovision.
                    logger.warning("a leaver's key finds an account dirbridge never linked to him; left alone", metadata: [
                        "target": "\(target.name)", "dn": "\(record.dn)", "id": "\(id)",
                    ])
                    return false
                }
                logger.notice("leaver still held by the vendor: deprovisioned again", metadata: [
                    "target": "\(target.name)", "dn": "\(record.dn)",
                ])
                return true
            }
        } else if connector.repeatsDeprovisionBlind {
            result.leaversChecked = leavers.count
            still = leavers
        } else {
            return
        }
        result.leaversStillThere = still.count
        for record in still {
            result.repairs.append(SyncAction(
                kind: .disable, anchor: record.anchor, dn: record.dn, vendorId: record.vendorId,
                payload: payloads[record.anchor]?.withoutSealedSecrets ?? TargetPayload(), payloadHash: record.payloadHash, changes: []))
        }
    }

    /// Lookups in flight at once: reconcile reads every managed user, so they overlap.
    package static let lookupConcurrency = 8

    private func replan(
        _ active: [SnapshotRecord], payloads: [Anchor: TargetPayload], target: TargetConfiguration,
        connector: any ImportConnector, result: inout Result
    ) async throws {
        let checked = active.filter { payloads[$0.anchor] != nil }
        result.checked = checked.count
        var found: [Anchor: LookupResult] = [:]
        if connector.matchField != nil {
            found = try await lookUp(checked, payloads: payloads, through: connector)
        } else {
            result.lookupUnsupported = true
        }
        let foundIds = Set(found.values.compactMap { if case .found(let id) = $0 { id } else { nil } })
        let holders = try await store.holders(ofVendorIds: foundIds, target: target.name)

        for record in checked {
            guard let payload = payloads[record.anchor] else { continue }
            var kind = ActionKind.update
            switch found[record.anchor] {
            case .notFound?:
                kind = .create
                result.missing += 1
                logger.notice("user missing at the vendor: re-created", metadata: ["target": "\(target.name)", "dn": "\(record.dn)"])
            case .found(let id)? where id.lowercased() != record.vendorId?.lowercased():
                if let holder = holders[id], holder.anchor != record.anchor {
                    // The account found by this user's key is someone else's: a conflict to report, never adopted.
                    result.conflicts += 1
                    logger.warning("account owned by another user", metadata: [
                        "target": "\(target.name)", "dn": "\(record.dn)", "owner": "\(holder.dn)", "id": "\(id)",
                    ])
                }
            default:
                break
            }
            result.repairs.append(SyncAction(
                kind: kind, anchor: record.anchor, dn: record.dn, vendorId: kind == .create ? nil : record.vendorId,
                payload: payload.withoutSealedSecrets, payloadHash: record.payloadHash, changes: []))
        }
    }

    private func lookUp(
        _ records: [SnapshotRecord], payloads: [Anchor: TargetPayload], through connector: any ImportConnector
    ) async throws -> [Anchor: LookupResult] {
        try await withThrowingTaskGroup(of: (Anchor, LookupResult).self) { group in
            var iterator = records.makeIterator()
            func start() {
                guard let record = iterator.next(), let payload = payloads[record.anchor] else { return }
                group.addTask { (record.anchor, try await connector.lookup(naturalKeyOf: payload)) }
            }
            for _ in 0..<Self.lookupConcurrency { start() }
            var found: [Anchor: LookupResult] = [:]
            while let (anchor, result) = try await group.next() {
                found[anchor] = result
                start()
            }
            return found
        }
    }
}
