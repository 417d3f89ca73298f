import Connectors
import DirBridgeCore
import Logging
import SnapshotStore

/// Resolves a target's `pending` records through the vendor's natural-key lookup, before the
/// target is planned, so that a send whose outcome was lost (timeout, crash, SIGKILL) is never
/// applied twice and never forgotten.
///
/// A lookup tells whether the user exists, not which fields the vendor holds, so a found user
/// only gets its vendor id stored; its action is then recorded `failed` so the diff re-sends it
/// (the diff retries `failed` records whatever the hashes say, and plans by the last action):
///
/// | in flight | `.found(id)` | `.notFound` |
/// | --- | --- | --- |
/// | create | id stored with the in-flight payload, then `failed` as an **update**: re-sent as an update to that id, never created again | `failed` create: created this run |
/// | update, reimport | `failed` with the same action (id stored if it changed): re-sent | `failed`: re-sent (a changed natural key means the update did not land) |
/// | disable | `failed` disable: re-sent while the user is still gone | the account is gone: recorded as a successful disable with the id cleared |
///
/// `.unsupported` (Sertica: import is idempotent by `UserNo`) leaves the record pending; the
/// diff plans pending like failed, so the idempotent import is simply sent again.
///
/// A lookup error stops the resolution: the records already resolved are written, the rest stay
/// pending, and the resolver throws. The caller must then send nothing to this target in this
/// run, since a pending create might otherwise be created a second time.
public struct PendingResolver: Sendable {
    public let store: any SnapshotStore
    public let logger: Logger

    public init(store: any SnapshotStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Why resolution stopped, with the counts reached so far.
    public struct Failure: Error, Hashable, Sendable {
        public var resolution: PendingResolution
        public var error: DispatchError
    }

    /// Looks up every pending record of `connector.target` (whose connector is open) and records
    /// what was learnt in one transaction. Throws when any record is left unresolved or the store
    /// fails; the caller must then send nothing to this target.
    public func resolve(through connector: any ImportConnector) async throws(Failure) -> PendingResolution {
        let target = connector.target
        let pending: [PendingRecord]
        do {
            pending = try await store.pendingRecords(target: target)
        } catch {
            throw Failure(
                resolution: PendingResolution(),
                error: DispatchError(
                    code: .pendingUnresolved, target: target, message: "reading pending records failed: \(error)"))
        }
        guard !pending.isEmpty else { return PendingResolution() }

        var resolution = PendingResolution()
        var outcomes: [SnapshotOutcome] = []
        var lookupFailure: DispatchError?
        for (index, record) in pending.enumerated() {
            let result: LookupResult
            do {
                result = try await connector.lookup(naturalKeyOf: record.inFlightPayload)
            } catch {
                resolution.unresolved = pending.count - index
                lookupFailure = DispatchError(
                    code: .pendingUnresolved, target: target,
                    message: "\(resolution.unresolved) pending record(s) left unresolved; lookup for the \(record.action)"
                        + " of \(record.record.dn) failed: \(error). Nothing is sent to this target this run,"
                        + " so that no user is created twice")
                break
            }
            switch result {
            case .found: resolution.found += 1
            case .notFound: resolution.notFound += 1
            case .unsupported: resolution.unsupported += 1
            }
            // Rare (a crash or timeout) and decisive for whether a user is created again: kept in the log.
            logger.notice(
                "Resolved a pending action",
                metadata: [
                    "target": "\(target)", "dn": "\(record.record.dn)", "action": "\(record.action)",
                    "lookup": "\(result)",
                ])
            outcomes += Self.outcomes(resolving: record, with: result)
        }

        do {
            try await store.record(outcomes, target: target)
        } catch {
            throw Failure(
                resolution: PendingResolution(unresolved: pending.count),
                error: DispatchError(
                    code: .storeWriteFailed, target: target,
                    message: "recording the resolution of \(outcomes.count) pending record(s) failed: \(error)"))
        }
        logger.info(
            "Resolved pending records",
            metadata: [
                "target": "\(target)", "found": "\(resolution.found)", "notFound": "\(resolution.notFound)",
                "unsupported": "\(resolution.unsupported)", "unresolved": "\(resolution.unresolved)",
            ])
        if let lookupFailure { throw Failure(resolution: resolution, error: lookupFailure) }
        return resolution
    }

    /// What the store learns from one lookup (see the table above). Pure.
    static func outcomes(resolving pending: PendingRecord, with result: LookupResult) -> [SnapshotOutcome] {
        let record = pending.record
        let who = "\(pending.action) of \(record.dn)"
        func outcome(_ action: ActionKind, _ status: SnapshotOutcome.Status) -> SnapshotOutcome {
            SnapshotOutcome(anchor: record.anchor, dn: record.dn, action: action, status: status)
        }
        switch result {
        case .unsupported:
            return []
        case .found(let vendorId):
            let found = "\(who): outcome unknown after an earlier run; the vendor holds the user as \(vendorId)"
            if pending.action == .create {
                // The in-flight payload is the best knowledge of what the account holds, and a leaver
                // needs it for the disable; the `failed` update that follows says it is unconfirmed.
                return [
                    outcome(.create, .succeeded(
                        vendorId: .set(vendorId), payload: pending.inFlightPayload,
                        payloadHash: pending.inFlightPayloadHash)),
                    outcome(.update, .failed(error: found + " (not created again); its fields are re-sent as an update")),
                ]
            }
            var outcomes: [SnapshotOutcome] = []
            if record.vendorId != vendorId, let applied = record.payload {
                outcomes.append(outcome(.update, .succeeded(
                    vendorId: .set(vendorId), payload: applied, payloadHash: record.payloadHash)))
            }
            outcomes.append(outcome(pending.action, .failed(error: found + "; the \(pending.action) is re-sent")))
            return outcomes
        case .notFound:
            if pending.action == .disable {
                // No account by that key: whatever happened, the user has no access there.
                return [outcome(.disable, .succeeded(
                    vendorId: .clear, payload: pending.inFlightPayload, payloadHash: pending.inFlightPayloadHash))]
            }
            return [outcome(pending.action, .failed(
                error: "\(who): not applied at the vendor (no user with its natural key); re-sent this run"))]
        }
    }
}
