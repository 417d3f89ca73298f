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
struct Reconciler {
    let store: any SnapshotStore
    let logger: Logger

    struct Result {
        var target: String
        var checked = 0
        var missing = 0
        var lookupUnsupported = false
    }

    func prepare(target: TargetConfiguration, connector: any ImportConnector) async throws -> Result {
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

    private func replan(
        _ active: [SnapshotRecord], payloads: [Anchor: TargetPayload], target: TargetConfiguration,
        connector: any ImportConnector, result: inout Result
    ) async throws {
        var outcomes: [SnapshotOutcome] = []
        for record in active {
            guard let payload = payloads[record.anchor] else { continue }
            result.checked += 1
            var kind = ActionKind.update
            if !result.lookupUnsupported {
                switch try await connector.lookup(naturalKeyOf: payload) {
                case .found: break
                case .notFound:
                    kind = .create
                    result.missing += 1
                    logger.notice("user missing at the vendor: re-created", metadata: ["target": "\(target.name)", "dn": "\(record.dn)"])
                case .unsupported:
                    result.lookupUnsupported = true
                }
            }
            let action = SyncAction(
                kind: kind, anchor: record.anchor, dn: record.dn, vendorId: kind == .create ? nil : record.vendorId,
                payload: payload, payloadHash: record.payloadHash, changes: [])
            // A failed record is retried by its last action whatever its hash: that is the re-plan.
            outcomes.append(.failed(action, error: kind == .create ? "reconcile: missing at the vendor" : "reconcile: re-sent to repair drift"))
        }
        try await store.record(outcomes, target: target.name)
    }
}
