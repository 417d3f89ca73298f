import DirBridgeConfig
import DirBridgeCore
import DirBridgeOps
import DirectoryReader
import Foundation
import Logging
import SnapshotStore

/// How a sync read the directory: whole, or only what changed since the last complete run, and
/// the cursor to leave for the next run if this one completes.
struct SessionRead: Sendable {
    /// Every user, or with `delta` only those that changed (and those read again).
    var users: [DirectoryUser]
    /// Entries that could not be read as users: held back at every target.
    var unreadable: [UnreadableEntry]
    var delta: DeltaScope?
    /// Where the next run continues once this one has completed at every target (its `revisit`
    /// is filled in then); nil when no delta can follow.
    var nextCursor: DirectoryCursor?
    /// The groups as read, stored with the next cursor (those that changed).
    var groups: GroupSnapshot = .empty

    /// Reads the directory as `session` allows: a delta when the stored cursor still describes
    /// this configuration and directory, else everything (saying why, when a delta was expected).
    static func read(for session: SyncSession, store: any SnapshotStore) async throws -> SessionRead {
        let (configuration, directory, logger) = (session.configuration, session.directory, session.logger)
        let settings = configuration.configuration.source
        guard settings.deltaReads, session.reviewed == nil, !session.reconciles, let source = directory.deltaSource else {
            let read = try await directory.users(showingProgress: session.showsProgress)
            return SessionRead(users: read.users, unreadable: read.unreadable, delta: nil, nextCursor: nil)
        }
        let fullReadEvery: Duration
        do {
            fullReadEvery = try IntervalText.parse(settings.fullReadEvery)
        } catch {
            throw ConfigurationError(
                code: .invalidValue, file: configuration.path, keyPath: "source.full_read_every", message: "\(error)")
        }
        let fingerprint = ConfigurationFingerprint.of(configuration)
        let now = Date()
        let decision = DeltaReadDecision.decide(
            cursor: try await store.directoryCursor(source: source), configurationFingerprint: fingerprint, now: now,
            fullReadEvery: fullReadEvery, forcedWhole: session.readsWhole)
        var reason: String?
        switch decision {
        case .whole(let why):
            reason = why
        case .delta(let cursor):
            var revisit = Set(cursor.revisit)
            for target in configuration.configuration.targets {
                revisit.formUnion(try await store.unsettledAnchors(target: target.name))
            }
            let baseline = GroupBaseline(
                fingerprint: cursor.groupFingerprint, digests: { try await store.directoryGroupDigests(source: source) },
                edges: { try await store.directoryGroupEdges(source: source, groups: $0) })
            do {
                var changes = try await directory.changes(since: cursor.cookie, revisit: revisit.sorted(), groups: baseline)
                // A changed user's key value held by an unread user: read the holders too (their
                // own keys are theirs already), so that the collision is judged with both.
                var holders = try await DeltaKeyCheck.unreadHolders(changes, configuration: configuration, store: store)
                if !holders.isEmpty {
                    revisit.formUnion(holders)
                    changes = try await directory.changes(since: cursor.cookie, revisit: revisit.sorted(), groups: baseline)
                    holders = try await DeltaKeyCheck.unreadHolders(changes, configuration: configuration, store: store)
                }
                if !holders.isEmpty {
                    reason = "a unique key value of a changed user is held by another user's account that this delta did not read"
                } else {
                    logger.info("read the directory's changes", metadata: [
                        "changed": "\(changes.changed.count)", "deleted": "\(changes.deleted.count)",
                        "revisited": "\(revisit.count)",
                    ])
                    var next = cursor
                    next.cookie = changes.cookie ?? cursor.cookie
                    next.groupFingerprint = changes.report.groupFingerprint
                    next.revisit = []
                    // Decided on a cursor whose expiry is still ahead: the earlier of it and the changed users'.
                    next.nextAccountExpiry = [cursor.nextAccountExpiry, changes.report.nextAccountExpiry.map(Self.date)]
                        .compactMap { $0 }.min()
                    return SessionRead(
                        users: changes.changed, unreadable: changes.report.unreadable, delta: DeltaScope(deleted: changes.deleted),
                        nextCursor: next, groups: changes.report.groups)
                }
            } catch let unavailable as DeltaReadUnavailable {
                reason = unavailable.reason
            }
        }
        if let reason {
            logger.notice("reading the whole directory", metadata: ["reason": "\(reason)"])
        }
        let (users, report) = try await directory.usersForDelta(showingProgress: session.showsProgress)
        let next = report.flatMap { report in
            report.syncCookie.map {
                DirectoryCursor(
                    source: source, cookie: $0, configurationFingerprint: fingerprint, groupFingerprint: report.groupFingerprint,
                    fullReadAt: now, revisit: [], nextAccountExpiry: report.nextAccountExpiry.map(Self.date))
            }
        }
        return SessionRead(
            users: users, unreadable: report?.unreadable ?? [], delta: nil, nextCursor: next, groups: report?.groups ?? .empty)
    }

    private static func date(_ unixSeconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(unixSeconds))
    }
}
