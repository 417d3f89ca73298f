import DirBridgeCore
import SnapshotStore

/// The store writes of one send round, grouped into few transactions.
///
/// Every sent action needs two durable writes: its pending mark before it leaves and its outcome
/// after. Written per batch, a vendor taking one user per request cost two commits per user, each
/// a flush to disk and several thread hops: most of a first sync's CPU. The dispatcher instead
/// marks a chunk of batches pending ahead of sending them, in the same transaction as the
/// outcomes of the batches finished since the last write.
///
/// What a kill costs: actions marked but not yet sent (at most two chunks) stay pending, and the
/// next run settles them by lookup like any send whose answer was lost; outcomes not yet written
/// the same. A round that stops early (cancelled, target refused) releases what it marked and did
/// not send: recorded failed, "not sent", so the next run sends it without asking first.
struct RoundWriter: Sendable {
    /// Actions marked per write, at least (a chunk is whole batches).
    static let chunkActions = 256

    let store: any SnapshotStore
    let target: String
    /// Payload fields stored only as digests.
    let secretFields: Set<String>

    struct Written: Sendable {
        /// The batches now marked pending, materialized, in order. When a mark failed, only those
        /// before it: nothing is sent whose pending mark is not on disk.
        var marked: [[SyncAction]] = []
        var markFailure: String?
        /// Indices of the outcome groups that could not be written, with why.
        var unrecorded: [Int: String] = [:]
    }

    /// Writes `outcomes` (one group per finished batch) and marks `batches` pending, in one
    /// transaction. Should that fail, each group is written on its own, so one batch's refusal
    /// does not cost the others, and the marks stop at the first one refused.
    func write(outcomes: [[SnapshotOutcome]], marking batches: [[SyncAction]] = []) async -> Written {
        let marks = batches.map { $0.map { $0.materialized() } }
        let markOutcomes = marks.map { $0.map { SnapshotOutcome.pending($0.sealingSecrets(secretFields)) } }
        let groups = outcomes + markOutcomes
        guard !groups.isEmpty else { return Written() }
        do {
            try await store.record(groups.flatMap(\.self), target: target)
            return Written(marked: marks)
        } catch where groups.count == 1 {
            return outcomes.isEmpty
                ? Written(markFailure: Self.markFailure(marks[0].count, error))
                : Written(unrecorded: [0: "\(error)"])
        } catch {
            var written = Written()
            for (index, group) in outcomes.enumerated() {
                do { try await store.record(group, target: target) } catch { written.unrecorded[index] = "\(error)" }
            }
            for (batch, group) in zip(marks, markOutcomes) {
                do {
                    try await store.record(group, target: target)
                    written.marked.append(batch)
                } catch {
                    written.markFailure = Self.markFailure(batch.count, error)
                    break
                }
            }
            return written
        }
    }

    private static func markFailure(_ count: Int, _ error: any Error) -> String {
        "marking \(count) action(s) pending failed, so they were not sent: \(error)"
    }
}
