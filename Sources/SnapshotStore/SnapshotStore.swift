import DirBridgeCore
import Foundation

/// The only place dirbridge keeps state between runs: what each target was last told about each
/// anchor, and a journal of runs.
///
/// The snapshot advances only on success: an action is written `pending` before it is sent and
/// replaces the stored hash, payload and vendor id only when ``SnapshotOutcome/Status/succeeded``
/// is recorded. A failure keeps the last state the vendor is known to hold.
///
/// Every method throws ``SnapshotStoreError``.
package protocol SnapshotStore: Sendable {
    /// Every record of `target`, ordered by anchor, **without payloads** (`payload` is `nil`):
    /// a no-change plan compares hashes only.
    func records(target: String) async throws -> [SnapshotRecord]

    /// Whether `target` has any record: a target without one has never been synced (its first
    /// plan matches existing vendor accounts before creating).
    func hasRecords(target: String) async throws -> Bool

    /// Streams every record of `target` (as `records` reads them) into `comparison` and returns
    /// it: the diff keeps only the records it plans an action for, so the snapshot is never
    /// held whole.
    func compare(target: String, into comparison: SnapshotComparison) async throws -> SnapshotComparison

    /// The stored payloads of the given anchors (those whose hash changed), for field-level
    /// diffs. Anchors without a record or without an applied payload are absent from the result.
    func payloads(target: String, anchors: [Anchor]) async throws -> [Anchor: TargetPayload]

    /// Records of `target` in state `pending`: sent, outcome unknown. The dispatcher resolves
    /// them through the vendor's lookup before anything is re-sent. With `anchors`, only theirs
    /// (those pending), in anchor order: a follow-up resolves its users a chunk at a time.
    func pendingRecords(target: String, anchors: [Anchor]?) async throws -> [PendingRecord]

    /// Who holds each of `vendorIds` at `target`, compared case-insensitively (some vendors' ids
    /// are user names). Ids nobody holds are absent. Asked before an existing account is adopted:
    /// one person's account is never given to another.
    func holders(ofVendorIds vendorIds: Set<String>, target: String) async throws -> [String: VendorIdHolder]

    /// Writes `outcomes` for `target` in one transaction: all of them or none.
    func record(_ outcomes: [SnapshotOutcome], target: String) async throws

    /// Opens a journal entry for a run; ``finishRun(_:finishedAt:outcome:message:counts:)``
    /// closes it. A run that never finishes (crash, kill) stays without an outcome.
    func beginRun(command: String, startedAt: Date) async throws -> RunID

    /// Closes a journal entry with its outcome and per-target counts.
    func finishRun(
        _ run: RunID, finishedAt: Date, outcome: RunOutcome, message: String?, counts: [TargetRunCounts]
    ) async throws

    /// The latest `limit` runs, newest first.
    func recentRuns(limit: Int) async throws -> [RunSummary]

    /// Removes the records of `anchors` at `target` (`dirbridge release`): their accounts are
    /// linked to nobody from then on. Returns the records removed, in the order asked.
    func releaseRecords(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord]

    /// When the newest run of `command` that went through (succeeded or completed with
    /// failures) started; nil when none did.
    func lastCompletedRun(command: String) async throws -> Date?

    // MARK: Delta reads: a plan from the users that changed, against their records only.

    /// The cursor the last complete run left for `source`, if any.
    func directoryCursor(source: String) async throws -> DirectoryCursor?

    /// Replaces the cursor of `cursor.source` and applies `groups` to its stored group states,
    /// in one transaction: the cursor and the groups it was read with never disagree.
    func saveDirectoryCursor(_ cursor: DirectoryCursor, groups: DirectoryGroupChanges) async throws

    /// The digest of every stored group state of `source`, by group DN key.
    func directoryGroupDigests(source: String) async throws -> [String: String]

    /// The stored edges of the given groups of `source` (those that exist).
    func directoryGroupEdges(source: String, groups: [String]) async throws -> [String: [String]]

    /// The records of `anchors` at `target` (those that exist), as `records` reads them.
    func records(target: String, anchors: [Anchor]) async throws -> [SnapshotRecord]

    /// How many records of `target` are managed (every state but `disabled`): what the safety
    /// limits count a delta's disables against.
    func managedRecordCount(target: String) async throws -> Int

    /// Anchors of `target` whose last action is unsettled (`pending` or `failed`): a delta reads
    /// these users again whatever the directory says, as a full read would retry them.
    func unsettledAnchors(target: String) async throws -> [Anchor]

    /// Which anchors' applied payloads at `target` hold each of `values` in `field`, compared
    /// case-insensitively (keys of the result are lowercased). One person, one account: a
    /// delta's new or changed key value is checked against the users it did not read.
    func anchorsHolding(values: Set<String>, field: String, target: String) async throws -> [String: Set<Anchor>]

    /// Streams the stored `MappingMemo` entries of `target` into `memo` and returns it.
    func recallMappings(target: String, into memo: MappingMemo) async throws -> MappingMemo

    /// Applies `update` to the mapping memo of `target`, in one transaction.
    func rememberMappings(_ update: MappingMemoUpdate, target: String) async throws
}
