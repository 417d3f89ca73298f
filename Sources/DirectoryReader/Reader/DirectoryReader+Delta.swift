import DirBridgeCore
import Logging

extension DirectoryReader {
    /// The users that changed since `cookie` (RFC 4533 refreshOnly), plus the `revisit` users
    /// read again by anchor and the users a group change reaches (``GroupChangeImpact``). Groups
    /// are read whole, so every user read gets its nested groups.
    ///
    /// - Throws: ``DeltaReadUnavailable`` when the server cannot answer with a delta that says
    ///   exactly what changed (no content synchronisation, an expired cookie, a present list
    ///   instead of deletes, a reference); `LDAPError` for failures a full read would meet too.
    package func readChanges(since cookie: [UInt8], revisit: [Anchor], groups baseline: GroupBaseline) async throws -> DirectoryChanges {
        let connection = try await LDAPConnection.connect(settings: settings, logger: logger)
        do {
            let changes = try await readChanges(connection, since: cookie, revisit: revisit, groups: baseline)
            await connection.close()
            return changes
        } catch {
            await connection.close()
            throw error
        }
    }

    private func readChanges(
        _ connection: LDAPConnection, since cookie: [UInt8], revisit: [Anchor], groups baseline: GroupBaseline
    ) async throws -> DirectoryChanges {
        let context = try await ReadSession.prepare(connection, settings: settings, logger: logger)
        let plan = context.plan
        if let reason = plan.deltaUnavailableReason { throw DeltaReadUnavailable(reason: reason) }
        let reached = try await usersReachedByGroupChanges(context, baseline: baseline)
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
        let converts = !refresh.changed.isEmpty || !revisit.isEmpty || !reached.isEmpty
        var converter = UserConverter(plan: plan, groups: converts ? context.groups.index(plan: plan) : GroupIndexBuilder(membership: plan.membership).build())
        var changed = try refresh.changed.map { try converter.user(from: $0) }
        var seen = Set(changed.map(\.anchor))
        var deleted = Set(refresh.deleted.map(Anchor.init)).subtracting(seen)

        let missing = revisit.filter { !seen.contains($0) && !deleted.contains($0) }
        let selectors = missing.map { "(\(plan.anchorAttribute)=\(LDAPFilter.escape($0.value)))" } + reached.sorted().map { selector in
            switch selector {
            case .dn(let key): "(entryDN=\(LDAPFilter.escape(key)))"
            case .uid(let uid): "(uid=\(LDAPFilter.escape(uid)))"
            case .memberOf(let group): "(memberOf=\(LDAPFilter.escape(group)))"
            }
        }
        for start in stride(from: 0, to: selectors.count, by: Self.selectorChunk) {
            var request = plan.userSearch
            request.filter = "(&\(plan.userSearch.filter)(|\(selectors[start..<min(start + Self.selectorChunk, selectors.count)].joined())))"
            request.pageSize = nil
            for entry in try await connection.search(request) {
                let user = try converter.user(from: entry)
                if seen.insert(user.anchor).inserted { changed.append(user) }
            }
        }
        for anchor in missing where !seen.contains(anchor) { deleted.insert(anchor) }
        // A user found by the searches above is there now, whatever the session log said before.
        deleted.subtract(seen)
        logger.info("read directory changes", metadata: [
            "changed": "\(refresh.changed.count)", "deleted": "\(refresh.deleted.count)", "revisited": "\(missing.count)",
            "reachedByGroupChanges": "\(reached.count)",
        ])
        let report = DirectoryReadReport(
            groupBaseDN: plan.groupSearch.baseDN, unresolvedMemberOf: converter.unresolvedMemberOf,
            groups: context.groups, syncCookie: refresh.cookie)
        return DirectoryChanges(changed: changed, deleted: deleted, cookie: refresh.cookie, report: report)
    }

    /// The users a change of the groups since the last complete run reaches; none when the
    /// groups are as they were.
    private func usersReachedByGroupChanges(
        _ context: ReadContext, baseline: GroupBaseline
    ) async throws -> Set<GroupChangeImpact.UserSelector> {
        guard context.groups.fingerprint != baseline.fingerprint else { return [] }
        let digests = try await baseline.digests()
        let changed = GroupChangeImpact.changedGroups(current: context.groups.digests, previousDigests: digests)
        let known = changed.filter { digests[$0] != nil }
        let previous = try await baseline.edges(known)
        guard !digests.isEmpty || context.groups.digests.isEmpty, known.allSatisfy({ previous[$0] != nil }) else {
            throw DeltaReadUnavailable(reason: "the groups of the last complete run are not stored")
        }
        let reached = GroupChangeImpact.reachedUsers(
            current: context.groups.states(), changed: changed, previousEdges: previous, membership: context.plan.membership)
        guard reached.count <= Self.maxReachedByGroupChanges else {
            throw DeltaReadUnavailable(reason: "\(changed.count) changed group(s) reach \(reached.count) users or groups: a full read is cheaper")
        }
        logger.info("groups changed since the last complete run", metadata: [
            "groups": "\(changed.count)", "reached": "\(reached.count)",
        ])
        return reached
    }

    /// Users asked for by anchor, DN, uid or group per search: a filter of this many
    /// alternatives stays well inside servers' filter limits.
    private static let selectorChunk = 100

    /// Beyond this many users or groups reached by group changes, one full read is cheaper than
    /// the searches that would find them.
    private static let maxReachedByGroupChanges = 5_000

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
