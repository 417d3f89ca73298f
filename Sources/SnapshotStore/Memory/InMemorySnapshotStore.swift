import DirBridgeCore
import Foundation

/// A ``SnapshotStore`` held in memory, with the same semantics as ``SQLiteSnapshotStore``
/// (the shared test suite runs against both), for pure-logic tests of the layers above.
/// Nothing survives the process; production always uses the SQLite store.
package actor InMemorySnapshotStore: SnapshotStore {
    private struct StoredRecord {
        var record: SnapshotRecord
        var inFlight: (payload: TargetPayload, hash: String)?
    }

    private var targets: [String: [Anchor: StoredRecord]] = [:]
    private var runs: [RunSummary] = []
    private var cursors: [String: DirectoryCursor] = [:]
    private var groupStates: [String: [String: DirectoryGroupState]] = [:]
    private var mappingMemos: [String: [Anchor: (fingerprint: Int64, entry: [UInt8])]] = [:]
    private let now: @Sendable () -> Date

    /// - Parameter now: the clock stamping `createdAt`/`updatedAt`.
    package init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    package func records(target: String) -> [SnapshotRecord] {
        (targets[target] ?? [:]).values.map { stored in
            var record = stored.record
            record.payload = nil
            return record
        }.sorted { $0.anchor < $1.anchor }
    }

    package func hasRecords(target: String) -> Bool {
        !(targets[target] ?? [:]).isEmpty
    }

    package func payloads(target: String, anchors: [Anchor]) -> [Anchor: TargetPayload] {
        let stored = targets[target] ?? [:]
        var payloads: [Anchor: TargetPayload] = [:]
        for anchor in anchors {
            if let payload = stored[anchor]?.record.payload { payloads[anchor] = payload }
        }
        return payloads
    }

    package func pendingRecords(target: String, anchors: [Anchor]?) -> [PendingRecord] {
        let wanted = anchors.map(Set.init)
        return (targets[target] ?? [:]).values.compactMap { stored in
            guard stored.record.state == .pending, wanted?.contains(stored.record.anchor) ?? true,
                  let action = stored.record.lastAction, let inFlight = stored.inFlight
            else { return nil }
            return PendingRecord(
                record: stored.record, action: action, inFlightPayload: inFlight.payload,
                inFlightPayloadHash: inFlight.hash)
        }.sorted { $0.record.anchor < $1.record.anchor }
    }

    package func holders(ofVendorIds vendorIds: Set<String>, target: String) -> [String: VendorIdHolder] {
        var wanted: [String: String] = [:]
        for id in vendorIds { wanted[id.lowercased()] = id }
        var holders: [String: VendorIdHolder] = [:]
        for stored in (targets[target] ?? [:]).values {
            guard let vendorId = stored.record.vendorId, let asked = wanted[vendorId.lowercased()] else { continue }
            holders[asked] = VendorIdHolder(anchor: stored.record.anchor, dn: stored.record.dn)
        }
        return holders
    }

    package func record(_ outcomes: [SnapshotOutcome], target: String) throws {
        // Apply to a copy and keep it only when every outcome applied: one transaction.
        var stored = targets[target] ?? [:]
        let time = now()
        for outcome in outcomes {
            try apply(outcome, to: &stored, target: target, time: time)
        }
        targets[target] = stored
    }

    private func apply(
        _ outcome: SnapshotOutcome, to stored: inout [Anchor: StoredRecord], target: String, time: Date
    ) throws {
        let existing = stored[outcome.anchor]
        if existing == nil && outcome.action != .create {
            if case .succeeded = outcome.status {} else {
                throw SnapshotStoreError(
                    code: .recordNotFound, path: "memory",
                    message: "target \(target), anchor \(outcome.anchor) (\(outcome.dn)): no record to \(outcome.action)")
            }
        }
        // A record that did not exist starts with nothing applied: empty hash, no payload, no id.
        var entry =
            existing
            ?? StoredRecord(
                record: SnapshotRecord(
                    target: target, anchor: outcome.anchor, dn: outcome.dn, vendorId: nil, payloadHash: "",
                    payload: nil, state: .failed, createdAt: time, updatedAt: time),
                inFlight: nil)
        entry.record.lastAction = outcome.action
        entry.record.updatedAt = time
        switch outcome.status {
        case .pending(let payload, let payloadHash):
            entry.record.state = .pending
            entry.record.lastError = nil
            entry.inFlight = (payload, payloadHash)
        case .succeeded(let vendorId, let payload, let payloadHash):
            entry.record.dn = outcome.dn
            switch vendorId {
            case .keep: break
            case .set(let id): entry.record.vendorId = id
            case .clear: entry.record.vendorId = nil
            }
            entry.record.payloadHash = payloadHash
            entry.record.payload = payload
            entry.record.state = outcome.action == .disable ? .disabled : .active
            entry.record.lastError = nil
            entry.inFlight = nil
        case .failed(let error):
            entry.record.state = .failed
            entry.record.lastError = error
            entry.inFlight = nil
        }
        stored[outcome.anchor] = entry
    }

    package func beginRun(command: String, startedAt: Date) -> RunID {
        let id = RunID(rawValue: Int64(runs.count + 1))
        runs.append(
            RunSummary(id: id, command: command, startedAt: startedAt, finishedAt: nil, outcome: nil, message: nil, counts: []))
        return id
    }

    package func finishRun(
        _ run: RunID, finishedAt: Date, outcome: RunOutcome, message: String?, counts: [TargetRunCounts]
    ) throws {
        guard let index = runs.firstIndex(where: { $0.id == run }) else {
            throw SnapshotStoreError(code: .recordNotFound, path: "memory", message: "no journal entry for run \(run)")
        }
        runs[index].finishedAt = finishedAt
        runs[index].outcome = outcome
        runs[index].message = message
        var byTarget = Dictionary(runs[index].counts.map { ($0.target, $0) }, uniquingKeysWith: { $1 })
        for count in counts { byTarget[count.target] = count }
        runs[index].counts = byTarget.values.sorted { $0.target < $1.target }
    }

    package func lastCompletedRun(command: String) -> Date? {
        runs.filter { $0.command == command && ($0.outcome == .succeeded || $0.outcome == .completedWithFailures) }.map(\.startedAt).max()
    }

    package func recentRuns(limit: Int) -> [RunSummary] {
        Array(runs.reversed().prefix(max(0, limit)))
    }

    package func directoryCursor(source: String) -> DirectoryCursor? {
        cursors[source]
    }

    package func saveDirectoryCursor(_ cursor: DirectoryCursor, groups: DirectoryGroupChanges) {
        cursors[cursor.source] = cursor
        var states = groupStates[cursor.source] ?? [:]
        for group in groups.removals { states[group] = nil }
        states.merge(groups.upserts) { $1 }
        groupStates[cursor.source] = states
    }

    package func directoryGroupDigests(source: String) -> [String: String] {
        (groupStates[source] ?? [:]).mapValues(\.digest)
    }

    package func directoryGroupEdges(source: String, groups: [String]) -> [String: [String]] {
        let states = groupStates[source] ?? [:]
        return Dictionary(uniqueKeysWithValues: groups.compactMap { group in states[group].map { (group, $0.edges) } })
    }

    package func releaseRecords(target: String, anchors: [Anchor]) -> [SnapshotRecord] {
        let released = records(target: target, anchors: anchors)
        for record in released { targets[target]?[record.anchor] = nil }
        return released
    }

    package func records(target: String, anchors: [Anchor]) -> [SnapshotRecord] {
        let stored = targets[target] ?? [:]
        return anchors.compactMap { anchor in
            guard var record = stored[anchor]?.record else { return nil }
            record.payload = nil
            return record
        }
    }

    package func managedRecordCount(target: String) -> Int {
        (targets[target] ?? [:]).values.count { $0.record.state != .disabled }
    }

    package func unsettledAnchors(target: String) -> [Anchor] {
        (targets[target] ?? [:]).values
            .filter { $0.record.state == .pending || $0.record.state == .failed }
            .map(\.record.anchor).sorted()
    }

    package func anchorsHolding(values: Set<String>, field: String, target: String) -> [String: Set<Anchor>] {
        let wanted = Set(values.map { $0.lowercased() })
        var holders: [String: Set<Anchor>] = [:]
        for stored in (targets[target] ?? [:]).values {
            guard let value = UniqueKeyHashes.text(of: stored.record.payload?[field])?.lowercased(), wanted.contains(value)
            else { continue }
            holders[value, default: []].insert(stored.record.anchor)
        }
        return holders
    }

    package func recallMappings(target: String, into memo: MappingMemo) -> MappingMemo {
        var memo = memo
        for (anchor, stored) in mappingMemos[target] ?? [:] {
            stored.entry.withUnsafeBytes { memo.add(anchor: anchor, fingerprint: stored.fingerprint, entry: $0) }
        }
        return memo
    }

    package func rememberMappings(_ update: MappingMemoUpdate, target: String) {
        var memo = mappingMemos[target] ?? [:]
        if update.removesOtherFingerprints {
            memo = memo.filter { $0.value.fingerprint == update.fingerprint }
        }
        for anchor in update.removals {
            memo[anchor] = nil
        }
        for entry in update.entries {
            memo[entry.anchor] = (update.fingerprint, entry.bytes)
        }
        mappingMemos[target] = memo
    }
}
