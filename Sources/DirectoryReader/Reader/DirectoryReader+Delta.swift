import DirBridgeCore
import Logging

extension DirectoryReader {
    /// Every user, as `readWithReport`, with the server's synchronisation cookie taken first
    /// (`report.syncCookie`) so that the next run can read only what changed.
    package func readWithSyncCookie(onPage: (Int) -> Void = { _ in }) async throws -> (users: [DirectoryUser], report: DirectoryReadReport) {
        let session = ReadSession(settings: settings, logger: logger, capturesSyncCookie: true)
        var users: [DirectoryUser] = []
        while let page = try await session.nextPage() {
            users.append(contentsOf: page)
            onPage(page.count)
        }
        return (users, session.report ?? DirectoryReadReport(groupBaseDN: settings.groupBaseDN ?? settings.baseDN))
    }

    /// The users that changed since `cookie` (RFC 4533 refreshOnly), plus the `revisit` users
    /// read again by anchor. Groups are read whole, so every changed user gets its nested groups.
    ///
    /// - Throws: ``DeltaReadUnavailable`` when the server cannot answer with a delta that says
    ///   exactly what changed (no content synchronisation, an expired cookie, a present list
    ///   instead of deletes, a reference); `LDAPError` for failures a full read would meet too.
    package func readChanges(since cookie: [UInt8], revisit: [Anchor]) async throws -> DirectoryChanges {
        let connection = try await LDAPConnection.connect(settings: settings, logger: logger)
        do {
            let changes = try await readChanges(connection, since: cookie, revisit: revisit)
            await connection.close()
            return changes
        } catch {
            await connection.close()
            throw error
        }
    }

    private func readChanges(_ connection: LDAPConnection, since cookie: [UInt8], revisit: [Anchor]) async throws -> DirectoryChanges {
        let context = try await ReadSession.prepare(connection, settings: settings, logger: logger)
        let plan = context.plan
        if let reason = plan.deltaUnavailableReason { throw DeltaReadUnavailable(reason: reason) }
        let refresh: ContentRefresh
        do {
            refresh = try await connection.contentRefresh(plan.userSearch, cookie: cookie)
        } catch let error as LDAPError where Self.meansNoDelta(error.code) {
            throw DeltaReadUnavailable(reason: "\(error)")
        }
        if refresh.usedPresentList {
            throw DeltaReadUnavailable(
                reason: "the server listed the present entries instead of the deleted ones (its session log does not reach back to the cookie; set syncprov-sessionlog)")
        }
        var converter = UserConverter(plan: plan, groups: context.groups)
        var changed = try refresh.changed.map { try converter.user(from: $0) }
        var seen = Set(changed.map(\.anchor))
        var deleted = Set(refresh.deleted.map(Anchor.init)).subtracting(seen)

        let missing = revisit.filter { !seen.contains($0) && !deleted.contains($0) }
        for chunk in stride(from: 0, to: missing.count, by: Self.revisitChunk).map({ missing[$0..<min($0 + Self.revisitChunk, missing.count)] }) {
            var request = plan.userSearch
            let anchors = chunk.map { "(\(plan.anchorAttribute)=\(LDAPFilter.escape($0.value)))" }.joined()
            request.filter = "(&\(plan.userSearch.filter)(|\(anchors)))"
            request.pageSize = nil
            for entry in try await connection.search(request) {
                let user = try converter.user(from: entry)
                if seen.insert(user.anchor).inserted { changed.append(user) }
            }
        }
        for anchor in missing where !seen.contains(anchor) { deleted.insert(anchor) }
        logger.info("read directory changes", metadata: [
            "changed": "\(refresh.changed.count)", "deleted": "\(refresh.deleted.count)", "revisited": "\(missing.count)",
        ])
        let report = DirectoryReadReport(
            groupBaseDN: plan.groupSearch.baseDN, unresolvedMemberOf: converter.unresolvedMemberOf,
            groupFingerprint: context.groupFingerprint, syncCookie: refresh.cookie)
        return DirectoryChanges(changed: changed, deleted: deleted, cookie: refresh.cookie, report: report)
    }

    /// Users asked for by anchor per search: a filter of this many alternatives stays well
    /// inside servers' filter and size limits.
    private static let revisitChunk = 100

    /// Answers after which only a full read tells the truth.
    private static func meansNoDelta(_ code: LDAPError.Code) -> Bool {
        switch code {
        case .syncRefreshRequired, .unsupportedControl, .unwillingToPerform, .sizeLimitExceeded, .adminLimitExceeded, .referral:
            true
        default:
            false
        }
    }
}
