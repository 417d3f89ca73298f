import SnapshotStore

/// Writes the store changes of one target's concurrent batches together (group commit).
///
/// Every batch makes two durable commits, its pending mark before sending and its outcomes
/// after; a vendor taking one user per request makes that two commits per user, each waiting
/// for the disk. While one commit is written, the changes submitted meanwhile queue up and go
/// into the next transaction together: each caller still returns only once its own changes are
/// on disk, so a batch is never sent before its pending mark is durable.
actor OutcomeCommitter {
    private let store: any SnapshotStore
    private let target: String
    private var queued: [(outcomes: [SnapshotOutcome], done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false

    init(store: any SnapshotStore, target: String) {
        self.store = store
        self.target = target
    }

    /// Writes `outcomes` (in one transaction with those of other batches submitted meanwhile).
    func record(_ outcomes: [SnapshotOutcome]) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            queued.append((outcomes, done))
            if !writing {
                writing = true
                Task { await self.writeQueued() }
            }
        }
    }

    private func writeQueued() async {
        while !queued.isEmpty {
            let group = queued
            queued = []
            do {
                try await store.record(group.flatMap(\.outcomes), target: target)
                for member in group { member.done.resume() }
            } catch where group.count > 1 {
                // One batch's failure must not fail the others: each is written on its own.
                for member in group {
                    do {
                        try await store.record(member.outcomes, target: target)
                        member.done.resume()
                    } catch {
                        member.done.resume(throwing: error)
                    }
                }
            } catch {
                group[0].done.resume(throwing: error)
            }
        }
        writing = false
    }
}
