import DirBridgeCore
import Foundation
import Logging

/// One read from connect to the last page: connect and bind, settle the dialect, read all
/// groups once, then stream the users.
final class ReadSession {
    private enum State {
        case notStarted
        case reading(LDAPConnection, PagedSearchCursor, UserConverter, ReadContext)
        case finished
    }

    private let settings: DirectorySourceSettings
    private let logger: Logger
    private var state = State.notStarted
    private var usersRead = 0
    private var pagesRead = 0
    /// Time spent waiting for pages vs. turning entries into users: tells a slow server from a
    /// slow conversion in the completion log line.
    private var waitingTime = Duration.zero
    private var convertingTime = Duration.zero
    /// Filled in when the last page has been read.
    private(set) var report: DirectoryReadReport?
    private var deltaUnavailableReason: String?

    /// Whether to take the server's synchronisation cookie before the users (for the next delta read).
    private let capturesSyncCookie: Bool

    init(settings: DirectorySourceSettings, logger: Logger, capturesSyncCookie: Bool = false) {
        self.settings = settings
        self.logger = logger
        self.capturesSyncCookie = capturesSyncCookie
    }

    func nextPage() async throws -> [DirectoryUser]? {
        while true {
            switch state {
            case .finished:
                return nil
            case .notStarted:
                state = .finished
                state = try await start()
            case .reading(let connection, let cursor, var converter, let context):
                do {
                    if Task.isCancelled {
                        throw LDAPError(.cancelled, operation: "read users from \(settings.baseDN)")
                    }
                    let clock = ContinuousClock()
                    let waitStart = clock.now
                    let page = try await connection.nextPage(of: cursor)
                    waitingTime += clock.now - waitStart
                    guard let entries = page else {
                        state = .finished
                        await connection.close()
                        var report = DirectoryReadReport(
                            groupBaseDN: converter.plan.groupSearch.baseDN, unresolvedMemberOf: converter.unresolvedMemberOf,
                            groups: context.groups, syncCookie: context.syncCookie)
                        report.deltaUnavailableReason = deltaUnavailableReason
                        report.nextAccountExpiry = converter.nextAccountExpiry
                        report.unreadable = converter.unreadable
                        self.report = report
                        if !report.unresolvedMemberOf.isEmpty {
                            logger.warning("users' memberOf names groups outside the group base: those memberships are ignored", metadata: [
                                "groupBaseDN": "\(report.groupBaseDN)", "groups": "\(report.unresolvedMemberOf.count)",
                                "example": "\(report.unresolvedMemberOf[0])",
                            ])
                        }
                        logger.info("directory read complete", metadata: [
                            "users": "\(usersRead)", "unreadable": "\(converter.unreadable.count)", "pages": "\(pagesRead)",
                            "waiting_for_server": "\(waitingTime)", "converting": "\(convertingTime)",
                        ])
                        return nil
                    }
                    let convertStart = clock.now
                    var users: [DirectoryUser] = []
                    users.reserveCapacity(entries.count)
                    for entry in entries {
                        if let user = converter.readableUser(from: entry, logger: logger) { users.append(user) }
                    }
                    state = .reading(connection, cursor, converter, context)
                    convertingTime += clock.now - convertStart
                    usersRead += users.count
                    pagesRead += 1
                    if !users.isEmpty { return users }
                } catch {
                    state = .finished
                    await connection.close()
                    throw error
                }
            }
        }
    }

    private func start() async throws -> State {
        let connection = try await LDAPConnection.connect(settings: settings, logger: logger)
        do {
            var context = try await Self.prepare(connection, settings: settings, logger: logger)
            if capturesSyncCookie {
                switch await Self.currentSyncCookie(connection, context.plan, logger: logger) {
                case .success(let cookie): context.syncCookie = cookie
                case .failure(let unavailable): deltaUnavailableReason = unavailable.reason
                }
            }
            let cursor = connection.pagedSearch(context.plan.userSearch)
            return .reading(connection, cursor, UserConverter(plan: context.plan, groups: context.groups.index(plan: context.plan), now: context.readAt), context)
        } catch {
            await connection.close()
            throw error
        }
    }

    /// What every read does before the users: settle the dialect and where groups live, then
    /// read all groups once.
    static func prepare(_ connection: LDAPConnection, settings: DirectorySourceSettings, logger: Logger) async throws -> ReadContext {
        let rootDSE = settings.dialect == nil || settings.groupBaseDN == nil ? try await readRootDSE(connection) : [:]
        let dialect = settings.dialect ?? DirectoryDialect.detect(rootDSE: rootDSE)
        let namingContext = settings.groupBaseDN == nil ? Self.namingContext(holding: settings.baseDN, rootDSE: rootDSE) : nil
        if let namingContext {
            logger.debug("groups are read from the naming context", metadata: ["groupBaseDN": "\(namingContext)"])
        }
        let plan = ReadPlan(settings: settings, dialect: dialect, groupBaseDN: namingContext)
        let groups = try await readGroups(connection, plan)
        logger.info("read groups", metadata: [
            "dialect": "\(dialect.rawValue)", "groups": "\(groups.count)", "membership": "\(plan.membership.rawValue)",
        ])
        return ReadContext(plan: plan, groups: GroupSnapshot(groups), readAt: Int64(Date().timeIntervalSince1970))
    }

    /// The server's current synchronisation cookie: a content refresh (or DirSync) that matches
    /// no entry. Fails when delta reads cannot follow (no change tracking, or the wrong anchor).
    static func currentSyncCookie(
        _ connection: LDAPConnection, _ plan: ReadPlan, logger: Logger
    ) async -> Result<[UInt8], DeltaReadUnavailable> {
        if let reason = plan.deltaUnavailableReason {
            logger.debug("delta reads unavailable", metadata: ["reason": "\(reason)"])
            return .failure(DeltaReadUnavailable(reason: reason))
        }
        do {
            let cookie: [UInt8]?
            if plan.dialect == .activeDirectory {
                // DirSync from no cookie walks every change the partition ever had; a filter that
                // matches nothing makes that walk return only the cookie at its end.
                var request = plan.dirSyncSearch
                request.filter = "(&(objectClass=user)(!(objectClass=user)))"
                request.attributes = ["objectGUID"]
                cookie = try await connection.dirSync(request, cookie: nil).cookie
            } else {
                var request = plan.userSearch
                request.filter = "(&(objectClass=*)(!(objectClass=*)))"
                request.attributes = ["1.1"]
                cookie = try await connection.contentRefresh(request, cookie: nil).cookie
            }
            guard let cookie, !cookie.isEmpty else {
                return .failure(DeltaReadUnavailable(reason: "the server answered \(plan.changeTracking) without a cookie"))
            }
            return .success(cookie)
        } catch {
            logger.notice("delta reads unavailable: the server does not offer \(plan.changeTracking); every run reads the whole directory", metadata: ["reason": "\(error)"])
            return .failure(DeltaReadUnavailable(reason: "the server does not offer \(plan.changeTracking): \(error)"))
        }
    }

    private static func readRootDSE(_ connection: LDAPConnection) async throws -> [String: [String]] {
        let request = SearchRequest(baseDN: "", scope: .base, filter: "(objectClass=*)",
                                    attributes: DirectoryDialect.detectionAttributes + ["namingContexts", "defaultNamingContext"],
                                    pageSize: nil)
        let rootDSE = try await connection.search(request).first
        var attributes: [String: [String]] = [:]
        for attribute in rootDSE?.attributes ?? [] {
            attributes[attribute.name] = rootDSE.map { $0.strings(attribute) } ?? []
        }
        return attributes
    }

    /// The naming context (directory partition) `baseDN` lies in: the longest of the root DSE's
    /// `namingContexts` that ends `baseDN`, else AD's `defaultNamingContext`. Nil when none fits.
    static func namingContext(holding baseDN: String, rootDSE: [String: [String]]) -> String? {
        let attributes = Dictionary(rootDSE.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
        let base = baseDN.lowercased().replacingOccurrences(of: " ", with: "")
        let candidates = (attributes["namingcontexts"] ?? []) + (attributes["defaultnamingcontext"] ?? [])
        return candidates
            .filter { !$0.isEmpty && base.hasSuffix($0.lowercased().replacingOccurrences(of: " ", with: "")) }
            .max { $0.count < $1.count }
    }

    /// Every group as read.
    private static func readGroups(_ connection: LDAPConnection, _ plan: ReadPlan) async throws -> [GroupEntry] {
        var groups: [GroupEntry] = []
        let cursor = connection.pagedSearch(plan.groupSearch)
        while let entries = try await connection.nextPage(of: cursor) {
            groups += entries.map(GroupEntry.init)
        }
        return groups
    }

}

/// What the reads of one session share: the plan, the groups, and where a delta continues.
struct ReadContext: Sendable {
    let plan: ReadPlan
    let groups: GroupSnapshot
    /// When the read began (seconds since 1970): accounts that expired by then are disabled.
    let readAt: Int64
    var syncCookie: [UInt8]?
}

extension GroupSnapshot {
    /// The groups with nesting resolved, built when users are to be converted: a quiet delta
    /// converts none, and indexing every membership is most of what its group read costs.
    ///
    /// - Parameter users: when given, the only users whose groups will be asked for.
    func index(plan: ReadPlan, for users: [LDAPEntry]? = nil) -> GroupIndex {
        let wanted = users.map { users in
            GroupIndexBuilder.WantedMembers(
                dnKeys: Set(users.map { DistinguishedName.key($0.dn) } + entries.map(\.key)),
                uids: Set(users.flatMap { $0.strings(of: "uid") }))
        }
        let wantedHashes = wanted.map { Set($0.dnKeys.compactMap { DistinguishedName.keyHash(ofPlain: $0.utf8) }) }
        var builder = GroupIndexBuilder(membership: plan.membership, wanted: wanted)
        if wanted == nil {
            // Room for every member at once, instead of the index growing and rehashing its way
            // there (a fifth of building it). There are at most as many members as memberships
            // and at least as many as the largest group has: the reservation stays within four
            // times the members.
            let counts = entries.map(\.memberCount)
            builder.reserveMembers(min(counts.reduce(0, +), 4 * (counts.max() ?? 0)))
        }
        for group in entries {
            let memberDNs = wantedHashes.map(group.memberDNs(mayBeAmong:)) ?? group.memberDNs
            builder.add(
                dn: group.dn, memberDNs: memberDNs, memberUids: group.memberUids, memberOf: group.memberOf, sid: group.sid)
        }
        return builder.build()
    }
}

/// One group entry as read, kept as the compact entry: its values become strings only when
/// the groups are indexed or stored.
struct GroupEntry: Sendable {
    let entry: LDAPEntry
    let key: String
    /// A digest of the values as the server sent them: computed without decoding, normalising or
    /// sorting a value, so a quiet delta's group read stays cheap. A server that reorders values
    /// makes the group look changed, which costs a few reads and never misses a change.
    let digest: String

    init(_ entry: LDAPEntry) {
        self.entry = entry
        key = DistinguishedName.key(entry.dn)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entry.bytes.count + entry.attributes.count * 16)
        for attribute in entry.attributes {
            bytes += attribute.name.lowercased().utf8
            bytes.append(0)
            for value in entry.values(attribute) {
                bytes += value
                bytes.append(0)
            }
            bytes.append(1)
        }
        digest = SHA256.hexDigest(of: bytes)
    }

    var dn: String { entry.dn }
    var memberDNs: [String] { entry.strings(of: "member") + entry.strings(of: "uniqueMember") }
    var memberCount: Int { memberAttributes.reduce(0) { $0 + $1.count } }

    /// The entry's `member` and `uniqueMember` attributes.
    private var memberAttributes: some Sequence<LDAPAttribute> {
        entry.attributes.lazy.filter {
            $0.name.caseInsensitiveEquals("member") || $0.name.caseInsensitiveEquals("uniqueMember")
        }
    }

    /// The `memberDNs` whose DN key may be among the keys hashed into `keyHashes`
    /// (``DistinguishedName/keyHash(ofPlain:)``): a plain DN is hashed as it was sent and becomes
    /// a String only when its hash is wanted; any other is kept for its key to decide (as are the
    /// rare hash collisions). A delta of a thousand users thus decodes a thousand of a group
    /// read's 100,000 members.
    func memberDNs(mayBeAmong keyHashes: Set<UInt64>) -> [String] {
        var kept: [String] = []
        for attribute in memberAttributes {
            for index in 0..<attribute.count {
                let value = entry.value(attribute, index)
                if let hash = DistinguishedName.keyHash(ofPlain: value), !keyHashes.contains(hash) { continue }
                kept.append(String(decoding: value, as: UTF8.self))
            }
        }
        return kept
    }

    var memberUids: [String] { entry.strings(of: "memberUid") }
    var memberOf: [String] { entry.strings(of: "memberOf") }
    var sid: String? { entry.firstValue(of: "objectSid").flatMap(SecurityIdentifier.format) }

    /// What a delta read compares: `member:` DN keys, `uid:` values, `parent:` DN keys.
    var state: DirectoryGroupState {
        DirectoryGroupState(
            digest: digest,
            edges: memberDNs.map { "member:" + DistinguishedName.key(DistinguishedName.strippingUniqueIdentifier($0)) }
                + memberUids.map { "uid:" + $0 } + memberOf.map { "parent:" + DistinguishedName.key($0) }
                + (sid.map { ["sid:" + $0] } ?? []))
    }
}
