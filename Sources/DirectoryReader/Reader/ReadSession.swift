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
            let dialect: DirectoryDialect
            if let configured = settings.dialect {
                dialect = configured
            } else {
                dialect = try await detectDialect(connection)
            }
            let plan = ReadPlan(settings: settings, dialect: dialect)
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

    private func detectDialect(_ connection: LDAPConnection) async throws -> DirectoryDialect {
        let request = SearchRequest(baseDN: "", scope: .base, filter: "(objectClass=*)",
                                    attributes: DirectoryDialect.detectionAttributes, pageSize: nil)
        let rootDSE = try await connection.search(request).first
        var attributes: [String: [String]] = [:]
        for attribute in rootDSE?.attributes ?? [] {
            attributes[attribute.name] = rootDSE.map { $0.strings(attribute) } ?? []
        }
        let dialect = DirectoryDialect.detect(rootDSE: attributes)
        logger.debug("detected directory dialect", metadata: ["dialect": "\(dialect.rawValue)"])
        return dialect
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
