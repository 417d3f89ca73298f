import Connectors
import DirBridgeCore
import Logging
import SnapshotStore

/// Resolves a target's `pending` records through the vendor's natural-key lookup, so that a send
/// whose outcome was lost (timeout, crash, SIGKILL, a refused batch, an unproven answer) is never
/// applied twice and never forgotten. Runs before a target is planned, and again within the run
/// for the users whose outcome came back unknown.
///
/// A lookup tells whether the user exists, not which fields the vendor holds, so a found user
/// only gets its vendor id stored; its action is then recorded `failed` so it is sent again
/// (the diff retries `failed` records whatever the hashes say, and plans by the last action):
///
/// | in flight | `.found(id)` | `.notFound` |
/// | --- | --- | --- |
/// | create | id stored with the in-flight payload, then `failed` as an **update**: re-sent as an update to that id, never created again | `failed` create: created again |
/// | update, reimport | `failed` with the same action (id stored if it changed): re-sent | `failed`: re-sent (a changed natural key means the update did not land) |
/// | disable | `failed` disable: re-sent while the user is still gone | the account is gone: recorded as a successful disable with the id cleared |
///
/// A found account another anchor's record holds is never adopted: the record is `failed` with
/// the owner named, and the user is rejected. `.unsupported` (Sertica's import is idempotent by
/// `UserNo`; Requestor answers a repeated create with its conflict) leaves the record pending,
/// which the diff plans like failed, so the create is simply sent again.
///
/// A lookup that fails holds back that user only: the record stays pending, the user is reported,
/// and the plan leaves him out. After a few lookups in a row fail the vendor is taken to be down
/// and the remaining records are held without asking.
package struct PendingResolver: Sendable {
    package let store: any SnapshotStore
    package let logger: Logger
    /// Lookups failing in a row after which the rest are held without asking.
    static let failuresBeforeGivingUp = 3

    package init(store: any SnapshotStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Why resolution stopped: the store failed, so nothing can be sent safely.
    package struct Failure: Error, Hashable, Sendable {
        package var resolution: PendingResolution
        package var error: DispatchError
    }

    /// Looks up the pending records of `connector.target` (whose connector is open) — all of them,
    /// or those of `anchors` — and records what was learnt in one transaction.
    ///
    /// - Parameters:
    ///   - known: vendor ids already learnt for some anchors (a conflict answer named the
    ///     account): used instead of a lookup.
    ///   - dns: the DNs the in-flight actions were sent with (a rename's new DN), which the records
    ///     take; a record keeps its DN until an action succeeds.
    ///   - planned: the actions this run planned for the anchors, which a resend reuses when it can
    ///     (see ``reusing(_:for:sentAs:)``).
    /// - Throws: only when the store fails; the caller must then send nothing to this target.
    package func resolve(
        through connector: any ImportConnector, anchors: Set<Anchor>? = nil, known: [Anchor: String] = [:],
        dns: [Anchor: String] = [:], planned: [Anchor: SyncAction] = [:]
    ) async throws(Failure) -> PendingResolution {
        let target = connector.target
        func pending(_ asked: [Anchor]?, resolved: PendingResolution, left: Int) async throws(Failure) -> [PendingRecord] {
            do {
                return try await store.pendingRecords(target: target, anchors: asked)
            } catch {
                var resolution = resolved
                resolution.unresolved += left
                throw Failure(
                    resolution: resolution,
                    error: DispatchError(
                        code: .pendingUnresolved, target: target, message: "reading pending records failed: \(error)"))
            }
        }

        // A chunk at a time, each recorded in its own transaction: a tenant's worth of creates
        // answered "exists" must not hold every record, lookup, outcome and payload at once. The
        // users asked for are read a chunk at a time too; all that is pending otherwise (what an
        // earlier run left: a few chunks after a kill). A store failure keeps what earlier chunks
        // recorded; the rest stays pending.
        var resolution = PendingResolution()
        var failuresInARow = 0
        var resolvedAny = false
        func resolve(_ chunk: ArraySlice<PendingRecord>, left: Int) async throws(Failure) {
            guard !chunk.isEmpty else { return }
            resolvedAny = true
            do throws(Failure) {
                resolution.add(try await self.resolve(
                    chunk, through: connector, known: known, dns: dns, planned: planned, failuresInARow: &failuresInARow))
            } catch {
                var failure = error
                failure.resolution = resolution
                failure.resolution.unresolved += left
                throw failure
            }
        }
        if let anchors {
            let asked = anchors.sorted()
            for start in stride(from: 0, to: asked.count, by: Self.chunkSize) {
                let chunk = Array(asked[start..<min(start + Self.chunkSize, asked.count)])
                try await resolve(try await pending(chunk, resolved: resolution, left: asked.count - start)[...], left: asked.count - start)
            }
        } else {
            let all = try await pending(nil, resolved: resolution, left: 0)
            for start in stride(from: 0, to: all.count, by: Self.chunkSize) {
                try await resolve(all[start..<min(start + Self.chunkSize, all.count)], left: all.count - start)
            }
        }
        guard resolvedAny else { return PendingResolution() }
        logger.info(
            "Resolved pending records",
            metadata: [
                "target": "\(target)", "found": "\(resolution.found)", "notFound": "\(resolution.notFound)",
                "unsupported": "\(resolution.unsupported)", "unresolved": "\(resolution.unresolved)",
                "ownedByOthers": "\(resolution.ownedByOthers)",
            ])
        return resolution
    }

    /// Records resolved per transaction.
    static let chunkSize = 2_000

    /// Looks up `chunk` (after `failuresInARow` failed lookups, the vendor is taken to be down),
    /// records what was learnt in one transaction and returns it.
    private func resolve(
        _ chunk: ArraySlice<PendingRecord>, through connector: any ImportConnector, known: [Anchor: String],
        dns: [Anchor: String], planned: [Anchor: SyncAction], failuresInARow: inout Int
    ) async throws(Failure) -> PendingResolution {
        let target = connector.target
        var resolution = PendingResolution()
        var looked: [(PendingRecord, LookupResult)] = []
        var toAsk: [PendingRecord] = []
        for record in chunk {
            if let id = known[record.record.anchor] {
                looked.append((record, .found(vendorId: id)))
            } else {
                toAsk.append(record)
            }
        }
        // A lookup that failed is asked once more after the others: a vendor's blip should not
        // hold a user back for a whole run.
        for pass in 1...2 where !toAsk.isEmpty {
            // The second pass asks each again, however the first one ended.
            if pass == 2 { failuresInARow = 0 }
            var failed: [(PendingRecord, String)] = []
            for record in toAsk {
                guard failuresInARow < Self.failuresBeforeGivingUp else {
                    failed.append((record, "not looked up: the vendor's lookup failed \(failuresInARow) times in a row"))
                    continue
                }
                do {
                    looked.append((record, try await connector.lookup(naturalKeyOf: record.inFlightPayload)))
                    failuresInARow = 0
                } catch {
                    failuresInARow += 1
                    failed.append((record, "its lookup failed: \(error)"))
                }
            }
            toAsk = failed.map(\.0)
            if pass == 2 || failuresInARow >= Self.failuresBeforeGivingUp {
                resolution.held = failed.map { held($0.0, $0.1) }
                resolution.unresolved = resolution.held.count
                break
            }
        }

        let holders: [String: VendorIdHolder]
        do {
            let ids = Set(looked.compactMap { if case .found(let id) = $0.1 { id } else { nil } })
            holders = try await store.holders(ofVendorIds: ids, target: target)
        } catch {
            throw Failure(
                resolution: PendingResolution(),
                error: DispatchError(
                    code: .storeWriteFailed, target: target, message: "finding who owns the accounts found failed: \(error)"))
        }

        var outcomes: [SnapshotOutcome] = []
        for (record, result) in looked {
            var record = record
            if let dn = dns[record.record.anchor] { record.record.dn = dn }
            let resolved = Self.resolve(record, with: result, holders: holders)
            switch result {
            case .found where resolved.rejection != nil: resolution.ownedByOthers += 1
            case .found: resolution.found += 1
            case .notFound: resolution.notFound += 1
            case .unsupported: resolution.unsupported += 1
            }
            // Rare (a crash, timeout or refusal) and decisive for whether a user is created again: kept in the log.
            logger.notice(
                "Resolved a pending action",
                metadata: [
                    "target": "\(target)", "dn": "\(record.record.dn)", "action": "\(record.action)",
                    "lookup": "\(result)",
                ])
            outcomes += resolved.outcomes
            if let rejection = resolved.rejection { resolution.rejected.append(rejection) }
            if let next = resolved.next {
                resolution.next.append(Self.reusing(planned[record.record.anchor], for: next, sentAs: record))
            }
        }

        do {
            try await store.record(outcomes, target: target)
        } catch {
            throw Failure(
                resolution: PendingResolution(),
                error: DispatchError(
                    code: .storeWriteFailed, target: target,
                    message: "recording the resolution of \(outcomes.count) pending record(s) failed: \(error)"))
        }
        return resolution
    }

    private func held(_ record: PendingRecord, _ why: String) -> UserIssue {
        UserIssue(
            anchor: record.record.anchor, dn: record.record.dn, action: record.action, field: nil,
            message: "\(record.action) of \(record.record.dn): outcome still unknown, \(why); this user is held back"
                + " until it is resolved")
    }

    /// `next` as this run planned it, when that is the create whose payload was in flight (same
    /// hash, no secret sealed): its payload is then mapped again when sent rather than held from
    /// now on, which for a tenant's worth of creates answered "exists" is a copy of every payload.
    static func reusing(_ planned: SyncAction?, for next: SyncAction, sentAs pending: PendingRecord) -> SyncAction {
        guard var reused = planned, reused.kind == .create, reused.match == nil,
              reused.payloadHash == pending.inFlightPayloadHash, !pending.inFlightPayload.hasSealedSecrets
        else { return next }
        reused.kind = next.kind
        reused.vendorId = next.vendorId
        reused.dn = next.dn
        return reused
    }

    /// What one lookup settles for one pending record. Pure.
    struct Resolved: Hashable {
        var outcomes: [SnapshotOutcome]
        /// What to send next within the run, if anything.
        var next: SyncAction?
        var rejection: UserIssue?
    }

    /// What the store learns from one lookup (see the table above), given who holds which ids.
    static func resolve(
        _ pending: PendingRecord, with result: LookupResult, holders: [String: VendorIdHolder] = [:]
    ) -> Resolved {
        let record = pending.record
        let who = "\(pending.action) of \(record.dn)"
        func outcome(_ action: ActionKind, _ status: SnapshotOutcome.Status) -> SnapshotOutcome {
            SnapshotOutcome(anchor: record.anchor, dn: record.dn, action: action, status: status)
        }
        func resend(_ kind: ActionKind, vendorId: String?) -> SyncAction {
            SyncAction(
                kind: kind, anchor: record.anchor, dn: record.dn, vendorId: vendorId,
                payload: pending.inFlightPayload.withoutSealedSecrets,
                payloadHash: pending.inFlightPayloadHash, changes: nil)
        }
        switch result {
        case .unsupported:
            return Resolved(outcomes: [], next: resend(pending.action, vendorId: record.vendorId))
        case .found(let vendorId):
            if let holder = holders[vendorId], holder.anchor != record.anchor {
                let reason = "\(who): the vendor account \(vendorId) with this user's key belongs to \(holder.dn);"
                    + " it is not adopted. Two people must not share one account: fix the key in the directory"
                return Resolved(
                    outcomes: [outcome(pending.action, .failed(error: reason))], next: nil,
                    rejection: UserIssue(anchor: record.anchor, dn: record.dn, action: pending.action, field: nil, message: reason))
            }
            let found = "\(who): outcome unknown; the vendor holds the user as \(vendorId)"
            if pending.action == .create {
                // The in-flight payload is the best knowledge of what the account holds, and a leaver
                // needs it for the disable; the `failed` update that follows says it is unconfirmed.
                return Resolved(
                    outcomes: [
                        outcome(.create, .succeeded(
                            vendorId: .set(vendorId), payload: pending.inFlightPayload,
                            payloadHash: pending.inFlightPayloadHash)),
                        outcome(.update, .failed(error: found + " (not created again); its fields are re-sent as an update")),
                    ],
                    next: resend(.update, vendorId: vendorId))
            }
            var outcomes: [SnapshotOutcome] = []
            if record.vendorId != vendorId, let applied = record.payload {
                outcomes.append(outcome(.update, .succeeded(
                    vendorId: .set(vendorId), payload: applied, payloadHash: record.payloadHash)))
            }
            outcomes.append(outcome(pending.action, .failed(error: found + "; the \(pending.action) is re-sent")))
            return Resolved(outcomes: outcomes, next: resend(pending.action, vendorId: vendorId))
        case .notFound:
            if pending.action == .disable {
                // No account by that key: whatever happened, the user has no access there.
                return Resolved(
                    outcomes: [outcome(.disable, .succeeded(
                        vendorId: .clear, payload: pending.inFlightPayload, payloadHash: pending.inFlightPayloadHash))],
                    next: nil)
            }
            return Resolved(
                outcomes: [outcome(pending.action, .failed(
                    error: "\(who): not applied at the vendor (no user with its natural key); re-sent"))],
                next: resend(pending.action, vendorId: record.vendorId))
        }
    }
}
