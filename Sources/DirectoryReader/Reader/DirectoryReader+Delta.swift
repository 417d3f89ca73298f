import DirBridgeCore
import Logging

extension DirectoryReader {
    /// The users that changed since `cookie` (RFC 4533 refreshOnly, or AD's DirSync), plus the
    /// `revisit` users read again by anchor and the users a group change reaches
    /// (``GroupChangeImpact``). Groups are read whole, so every user read gets his nested groups.
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
        let tracked = try await trackedChanges(connection, plan, since: cookie)
        // Each index holds only the memberships of the users about to be converted.
        func groups(of users: [LDAPEntry]) -> GroupIndex {
            users.isEmpty ? GroupIndexBuilder(membership: plan.membership).build() : context.groups.index(plan: plan, for: users)
        }
        var converter = UserConverter(plan: plan, groups: groups(of: tracked.entries), now: context.readAt)
        var changed = tracked.entries.compactMap { converter.readableUser(from: $0, logger: logger) }
        // An unreadable user is there, though not read: never a leaver.
        var seen = Set(changed.map(\.anchor) + converter.unreadable.compactMap(\.anchor))
        var deleted = tracked.deleted.subtracting(seen)

        // Read whole: users only named as changed (DirSync), users asked for again, users a group
        // change reaches. One of the first two not found has left the search: a leaver.
        var named: [Anchor] = []
        var namedSet = Set<Anchor>()
        for anchor in tracked.toRead + revisit where !seen.contains(anchor) && !deleted.contains(anchor) && namedSet.insert(anchor).inserted {
            named.append(anchor)
        }
        let reachedDNs = reached.compactMap { selector -> String? in if case .dn(let key) = selector { key } else { nil } }.sorted()
        let memberChanges = Set(tracked.memberChanges.map(DistinguishedName.key)).subtracting(reachedDNs).sorted()
        guard reached.count + memberChanges.count <= Self.maxReachedByGroupChanges else {
            throw DeltaReadUnavailable(reason: "group changes reach \(reached.count + memberChanges.count) users or groups: a full read is cheaper")
        }
        guard named.count <= Self.maxReadAgain else {
            throw DeltaReadUnavailable(reason: "\(named.count) changed users are to be read again one by one: a full read is cheaper")
        }
        let selectors = named.map(plan.anchorFilter) + memberChanges.map(plan.dnFilter) + reached.sorted().map { selector in
            switch selector {
            case .dn(let key): plan.dnFilter(key)
            case .uid(let uid): LDAPFilter.equals("uid", uid)
            case .memberOf(let group): LDAPFilter.equals("memberOf", group)
            }
        }
        let found = try await search(connection, plan.userSearch, matchingAny: selectors)
        if !found.isEmpty { converter = converter.answering(from: groups(of: found)) }
        for entry in found {
            guard let user = converter.readableUser(from: entry, logger: logger) else { continue }
            if seen.insert(user.anchor).inserted { changed.append(user) }
        }
        seen.formUnion(converter.unreadable.compactMap(\.anchor))
        for anchor in named where !seen.contains(anchor) { deleted.insert(anchor) }
        if plan.dialect == .activeDirectory, !reachedDNs.isEmpty || !memberChanges.isEmpty {
            // A user taken out of a group the filter requires: AD changes only the group, so no
            // change of his own names him. Found by DN outside the filter, he is a leaver.
            var request = plan.userSearch
            request.filter = "(objectClass=user)"
            request.attributes = [plan.anchorAttribute]
            for entry in try await search(connection, request, matchingAny: (reachedDNs + memberChanges).map(plan.dnFilter)) {
                guard let guid = entry.firstValue(of: plan.anchorAttribute).flatMap(ObjectGUID.format) else { continue }
                if !seen.contains(Anchor(guid)) { deleted.insert(Anchor(guid)) }
            }
        }
        // A user found by the searches above is there now, whatever the change log said before.
        deleted.subtract(seen)
        logger.info("read directory changes", metadata: [
            "changed": "\(tracked.entries.count + tracked.toRead.count)", "deleted": "\(tracked.deleted.count)",
            "membershipChanges": "\(tracked.memberChanges.count)",
            "revisited": "\(revisit.count)", "reachedByGroupChanges": "\(reached.count)",
        ])
        var report = DirectoryReadReport(
            groupBaseDN: plan.groupSearch.baseDN, unresolvedMemberOf: converter.unresolvedMemberOf,
            groups: context.groups, syncCookie: tracked.cookie)
        report.nextAccountExpiry = converter.nextAccountExpiry
        report.unreadable = converter.unreadable
        return DirectoryChanges(changed: changed, deleted: deleted, cookie: tracked.cookie, report: report)
    }

    /// What the directory's change tracking reports since `cookie`, in either dialect's terms.
    private struct TrackedChanges {
        /// Changed users as read whole (content synchronisation sends every requested attribute).
        var entries: [LDAPEntry] = []
        /// Changed users known by anchor only (DirSync sends changed values only).
        var toRead: [Anchor] = []
        /// DNs added to or removed from a group (DirSync): each is read again.
        var memberChanges: [String] = []
        var deleted: Set<Anchor> = []
        var cookie: [UInt8]?
    }

    private func trackedChanges(_ connection: LDAPConnection, _ plan: ReadPlan, since cookie: [UInt8]) async throws -> TrackedChanges {
        do {
            if plan.dialect == .activeDirectory {
                let changes = try await connection.dirSync(plan.dirSyncSearch, cookie: cookie)
                return TrackedChanges(
                    toRead: changes.changed.compactMap { ObjectGUID.format($0).map(Anchor.init) },
                    memberChanges: changes.memberChanges,
                    deleted: Set(changes.deleted.compactMap { ObjectGUID.format($0).map(Anchor.init) }),
                    cookie: changes.cookie)
            }
            let refresh = try await connection.contentRefresh(plan.userSearch, cookie: cookie)
            if refresh.usedPresentList {
                throw DeltaReadUnavailable(
                    reason: "the server listed the present entries instead of the deleted ones (its session log does not reach back to the cookie; set syncprov-sessionlog)")
            }
            return TrackedChanges(entries: refresh.changed, deleted: Set(refresh.deleted.map(Anchor.init)), cookie: refresh.cookie)
        } catch let error as LDAPError where Self.meansNoDelta(error.code) {
            throw DeltaReadUnavailable(reason: "\(error)")
        }
    }

    /// The entries of `request` that also match one of `selectors`, asked for in chunks.
    private func search(_ connection: LDAPConnection, _ request: SearchRequest, matchingAny selectors: [String]) async throws -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        for start in stride(from: 0, to: selectors.count, by: Self.selectorChunk) {
            var chunk = request
            chunk.filter = "(&\(request.filter)(|\(selectors[start..<min(start + Self.selectorChunk, selectors.count)].joined())))"
            chunk.pageSize = nil
            entries += try await connection.search(chunk)
        }
        return entries
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

    /// Beyond this many users named by anchor (DirSync names changed users without their
    /// values; revisited users), one full read is cheaper than the searches for them.
    private static let maxReadAgain = 20_000

    /// Answers after which only a full read tells the truth.
    private static func meansNoDelta(_ code: LDAPError.Code) -> Bool {
        switch code {
        case .syncRefreshRequired, .unsupportedControl, .unwillingToPerform, .sizeLimitExceeded, .adminLimitExceeded, .referral,
             .insufficientAccess:
            true
        default:
            false
        }
    }
}
