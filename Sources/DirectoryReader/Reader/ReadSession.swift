import DirBridgeCore
import Logging

/// One read from connect to the last page: connect and bind, settle the dialect, read all
/// groups once, then stream the users.
final class ReadSession {
    private enum State {
        case notStarted
        case reading(LDAPConnection, PagedSearchCursor, UserConverter)
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

    init(settings: DirectorySourceSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    func nextPage() async throws -> [DirectoryUser]? {
        while true {
            switch state {
            case .finished:
                return nil
            case .notStarted:
                state = .finished
                state = try await start()
            case .reading(let connection, let cursor, var converter):
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
                        let report = DirectoryReadReport(
                            groupBaseDN: converter.plan.groupSearch.baseDN, unresolvedMemberOf: converter.unresolvedMemberOf)
                        self.report = report
                        if !report.unresolvedMemberOf.isEmpty {
                            logger.warning("users' memberOf names groups outside the group base: those memberships are ignored", metadata: [
                                "groupBaseDN": "\(report.groupBaseDN)", "groups": "\(report.unresolvedMemberOf.count)",
                                "example": "\(report.unresolvedMemberOf[0])",
                            ])
                        }
                        logger.info("directory read complete", metadata: [
                            "users": "\(usersRead)", "pages": "\(pagesRead)",
                            "waiting_for_server": "\(waitingTime)", "converting": "\(convertingTime)",
                        ])
                        return nil
                    }
                    let convertStart = clock.now
                    var users: [DirectoryUser] = []
                    users.reserveCapacity(entries.count)
                    for entry in entries { users.append(try converter.user(from: entry)) }
                    state = .reading(connection, cursor, converter)
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
            let cursor = connection.pagedSearch(plan.userSearch)
            return .reading(connection, cursor, UserConverter(plan: plan, groups: groups))
        } catch {
            await connection.close()
            throw error
        }
    }

    private func readRootDSE(_ connection: LDAPConnection) async throws -> [String: [String]] {
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

    private func readGroups(_ connection: LDAPConnection, _ plan: ReadPlan) async throws -> GroupIndex {
        var builder = GroupIndexBuilder(membership: plan.membership)
        let cursor = connection.pagedSearch(plan.groupSearch)
        while let entries = try await connection.nextPage(of: cursor) {
            for entry in entries {
                builder.add(
                    dn: entry.dn,
                    memberDNs: entry.strings(of: "member") + entry.strings(of: "uniqueMember"),
                    memberUids: entry.strings(of: "memberUid"),
                    memberOf: entry.strings(of: "memberOf"),
                    sid: entry.firstValue(of: "objectSid").flatMap(SecurityIdentifier.format)
                )
            }
        }
        return builder.build()
    }
}
