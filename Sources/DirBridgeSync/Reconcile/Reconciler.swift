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
        /// The repair actions, one per checked user.
        package var repairs: [SyncAction] = []
    }

    /// The repairs for `target`, through its open connector.
    package func repairs(target: TargetConfiguration, connector: any ImportConnector) async throws -> Result {
        var result = Result(target: target.name)
        let active = try await store.records(target: target.name).filter { $0.state == .active }
        guard !active.isEmpty else { return result }
        let payloads = try await store.payloads(target: target.name, anchors: active.map(\.anchor))
        try await replan(active, payloads: payloads, target: target, connector: connector, result: &result)
        return result
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
