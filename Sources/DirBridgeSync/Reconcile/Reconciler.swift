import Connectors
import DirBridgeConfig
import DirBridgeCore
import Logging
import SnapshotStore

/// Repairs drift between the snapshot and a vendor's live state (someone deleted or edited a
/// user in the vendor's UI): every user the snapshot holds as active is looked up at the vendor
/// where it has a lookup; users that are gone are re-planned as creates, and every other active
/// user is re-planned as an update carrying the full payload. The sync that follows sends them.
/// Vendors without a lookup (Sertica) simply get everything re-sent, which their idempotent
/// import allows.
package struct Reconciler {
    package let store: any SnapshotStore
    package let logger: Logger

    package init(store: any SnapshotStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    package struct Result {
        package var target: String
        package var checked = 0
        package var missing = 0
        /// Users whose key finds an account another user owns.
        package var conflicts = 0
        package var lookupUnsupported = false
    }

    package func prepare(target: TargetConfiguration, connector: any ImportConnector) async throws -> Result {
        var result = Result(target: target.name)
        let active = try await store.records(target: target.name).filter { $0.state == .active }
        guard !active.isEmpty else { return result }
        let payloads = try await store.payloads(target: target.name, anchors: active.map(\.anchor))
        try await connector.open()
        do {
            try await replan(active, payloads: payloads, target: target, connector: connector, result: &result)
        } catch {
            await connector.close()
            throw error
        }
        await connector.close()
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

        var outcomes: [SnapshotOutcome] = []
        for record in checked {
            guard let payload = payloads[record.anchor] else { continue }
            var kind = ActionKind.update
            var note = "reconcile: re-sent to repair drift"
            switch found[record.anchor] {
            case .notFound?:
                kind = .create
                note = "reconcile: missing at the vendor"
                result.missing += 1
                logger.notice("user missing at the vendor: re-created", metadata: ["target": "\(target.name)", "dn": "\(record.dn)"])
            case .found(let id)? where id.lowercased() != record.vendorId?.lowercased():
                if let holder = holders[id], holder.anchor != record.anchor {
                    // The account found by this user's key is someone else's: a conflict to report, never adopted.
                    result.conflicts += 1
                    note = "reconcile: the account \(id) found by this user's key belongs to \(holder.dn); not adopted"
                    logger.warning("account owned by another user", metadata: [
                        "target": "\(target.name)", "dn": "\(record.dn)", "owner": "\(holder.dn)", "id": "\(id)",
                    ])
                }
            default:
                break
            }
            let action = SyncAction(
                kind: kind, anchor: record.anchor, dn: record.dn, vendorId: kind == .create ? nil : record.vendorId,
                payload: payload.withoutSealedSecrets, payloadHash: record.payloadHash, changes: [])
            // A failed record is retried by its last action whatever its hash: that is the re-plan.
            outcomes.append(.failed(action, error: note))
        }
        try await store.record(outcomes, target: target.name)
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
