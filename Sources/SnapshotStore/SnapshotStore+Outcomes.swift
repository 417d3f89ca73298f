import DirBridgeCore

extension SnapshotStore {
    /// Every pending record of `target`.
    package func pendingRecords(target: String) async throws -> [PendingRecord] {
        try await pendingRecords(target: target, anchors: nil)
    }

    /// Marks `actions` pending in one transaction, before any of them is sent.
    package func markPending(target: String, actions: [SyncAction]) async throws {
        try await record(actions.map(SnapshotOutcome.pending), target: target)
    }

    /// Records that the vendor applied `action`; the snapshot advances to its payload.
    package func recordSuccess(target: String, action: SyncAction, vendorId: VendorIdUpdate) async throws {
        try await record([.succeeded(action, vendorId: vendorId)], target: target)
    }

    /// Records that the vendor refused `action` or the send gave up; the last applied state stays.
    package func recordFailure(target: String, action: SyncAction, error: String) async throws {
        try await record([.failed(action, error: error)], target: target)
    }
}
