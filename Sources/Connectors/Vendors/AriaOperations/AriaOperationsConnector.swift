import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// VMware Aria Operations: bulk import into one auth source, with a session token.
///
/// - Import `POST {prefix}/auth/sources/{id}/users {"users":[…]}` answers 201 with the users and
///   their `id`, matched back to actions by user name. Updates and re-imports carry the stored id.
/// - A refused batch is isolated (its creates looked up, the rest bisected); a create refused
///   because the name exists is reported as existing, for the dispatcher to adopt or reject.
/// - Disable is `PUT {prefix}/auth/users` with `enabled: false`; delete is `DELETE …/users/{id}`.
/// - A pending record is resolved by `GET {prefix}/auth/users?username=`.
final class AriaOperationsConnector: CoreBackedConnector {
    let core: ConnectorCore
    private let options: AriaOperationsSettings
    private let session: AriaTokenSession

    /// Keys the sample shows that must never be sent (a documentation glitch and server-owned data).
    private static let neverSent: [String] = ["Last login time", "lastLoginTime", "links"]

    init(core: ConnectorCore, options: AriaOperationsSettings) {
        self.core = core
        self.options = options
        session = AriaTokenSession(channel: core.channel, options: options)
    }

    var maxBatchSize: Int { core.settings.batchSize ?? 100 }
    var matchField: String? { options.usernameField }

    func open() async throws(ConnectorError) {
        _ = try await session.current()
    }

    func close() async {
        await session.release()
    }

    func checkAccess() async throws(ConnectorError) -> AccessCheck {
        _ = try await session.current()
        await session.release()
        return .verified
    }

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        guard let username = payload.text(options.usernameField) else {
            throw channel.error(.invalidSettings, "lookup", "the payload has no \(options.usernameField)")
        }
        var found: String?
        let wanted = username.lowercased()
        try await forEachUserPage(filter: [("username", username)], operation: "lookup of \(username)") { users in
            found = users.first { $0.username?.lowercased() == wanted }?.id
            return found == nil
        }
        return found.map(LookupResult.found) ?? .notFound
    }

    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? {
        var accounts: [UnmanagedAccount] = []
        try await forEachUserPage(filter: [], operation: "list users") { users in
            accounts += users.compactMap { user in user.id.map { UnmanagedAccount(vendorId: $0, key: user.username ?? "") } }
            return true
        }
        return accounts
    }

    /// Reads `GET auth/users` page after page while `body` asks for more and more may follow: a
    /// release that ignores the filter lists everyone, a page at a time. Where `pageInfo` gives no
    /// total, pages are read until an empty one (or one repeating a short one: no paging), unless
    /// every user listed is the one filtered for (the filter worked); a list that cannot be read
    /// to its end is an error, never "nobody".
    private func forEachUserPage(
        filter: [(String, String)], operation: String, _ body: ([UserList.User]) -> Bool
    ) async throws(ConnectorError) {
        let wanted = filter.first { $0.0 == "username" }?.1.lowercased()
        var previous: [String?]?
        var page = 0
        while true {
            let query = filter + [("page", String(page)), ("pageSize", String(Self.pageSize))]
            let response = try await sendAuthorized(safety: .idempotent, readable: { UserList.read($0.body) != nil }) { headers in
                channel.request(.get, options.apiPrefix + "/auth/users", query: query, headers: headers)
            }.orThrow(channel, operation)
            if !filter.isEmpty, channel.isVendorNotFound(response) { return }
            guard (200..<300).contains(response.status) else {
                throw channel.error(.unexpectedResponse, operation, channel.summary(response), status: response.status)
            }
            guard let list = UserList.read(response.body) else {
                throw channel.error(.unexpectedResponse, operation, "the answer is not a user list")
            }
            let more = list.hasPage(after: page)
            let ids = list.users.map(\.id)
            if more == nil, ids == previous {
                // A release without paging: a list shorter than a page is all it holds.
                guard ids.count >= Self.pageSize else { return }
                throw channel.error(.unexpectedResponse, operation,
                                    "page \(page) repeats page \(page - 1) and the answer gives no pageInfo.totalCount: the user list cannot be read to its end")
            }
            guard body(list.users), !list.isLast(page: page, filteredFor: wanted) else { return }
            previous = ids
            guard page < Self.maxPages else {
                throw channel.error(.unexpectedResponse, operation, "more than \(Self.maxPages) pages of users")
            }
            page += 1
        }
    }

    /// Users per page asked for; a release may answer with fewer (its `pageInfo` says).
    static let pageSize = 1_000
    /// Bounds a release whose paging never ends.
    static let maxPages = 10_000

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        let imports = batch.filter { $0.kind != .disable }
        let disables = batch.filter { $0.kind == .disable }
        // Creates apart from re-imports: a request carrying no create is safe to repeat, so the
        // transport retries it on a 503 or a lost connection instead of leaving it unknown.
        var outcomes = await sendIsolating(imports.filter { $0.kind == .create }) { await self.importUsers($0) }
        outcomes += await sendIsolating(imports.filter { $0.kind != .create }) { await self.importUsers($0) }
        outcomes += await concurrentMap(disables, limit: concurrency) { await self.deprovision($0) }
        return outcomes
    }

    // MARK: - Import

    private func userObject(_ action: SyncAction, id: String?, enabled: Bool? = nil) -> FieldValue {
        var overrides: [String: FieldValue?] = Dictionary(uniqueKeysWithValues: Self.neverSent.map { ($0, nil) })
        if let id { overrides["id"] = .string(id) }
        if let enabled {
            overrides[options.enabledField] = .bool(enabled)
        } else if action.payload[options.enabledField] == nil {
            overrides[options.enabledField] = .bool(true)  // the sample's `false` would import users disabled
        }
        return action.payload.object(overriding: overrides)
    }

    /// One import request. Only the documented answer proves anything: 201 (any 2xx) echoing each
    /// user with its id, matched back by user name. The seed does not say that a refused import
    /// stored nobody, nor which status a duplicate name gets, so every refusal is isolated and
    /// its creates are looked up (``sendIsolating(_:_:)``).
    private func importUsers(_ actions: [SyncAction]) async -> BatchAnswer {
        let users = actions.map { userObject($0, id: $0.kind == .create ? nil : $0.vendorId) }
        let creates = actions.contains { $0.kind == .create }
        let path = options.apiPrefix + "/auth/sources/\(VendorChannel.pathSegment(options.importSourceId))/users"
        let result = await sendAuthorized(
            safety: creates ? .nonIdempotent : .idempotent, readable: { UserList.read($0.body) != nil }
        ) { headers in
            channel.request(.post, path, body: .object(["users": .list(users)]), headers: headers)
        }
        let response: HTTPResponse
        switch result {
        case .failure(let failure): return .outcomes(actions.map { $0.outcome(of: failure) })
        case .success(let answer): response = answer
        }
        switch response.status {
        case 200..<300:
            guard !channel.isWebPage(response), let echoed = UserList.read(response.body)?.users else {
                let detail = "HTTP \(response.status) without the documented user list (\(channel.summary(response)))"
                return .outcomes(actions.map { $0.unproven(detail) })
            }
            // Matched by user name; a re-import carries its id, so an echo without one still confirms it.
            var echoedIds: [String: String?] = [:]
            for user in echoed {
                if let name = user.username?.lowercased() { echoedIds[name] = user.id ?? echoedIds[name] ?? nil }
            }
            return .outcomes(actions.map { action in
                let name = action.payload.text(options.usernameField)?.lowercased() ?? ""
                switch echoedIds[name] {
                case .some(.some(let id)): return action.applied(vendorId: id)
                case .some(.none) where action.kind != .create: return action.applied(vendorId: action.vendorId)
                default: return action.unproven("HTTP \(response.status) did not echo this user with an id: the import is not confirmed")
                }
            })
        case 401, 403:
            return .outcomes(actions.map { core.outcome(ofRefusal: response, for: $0) })
        case 404 where creates:
            // A create names no user id: only the auth source can be missing, for every user alike.
            return .outcomes(actions.map {
                $0.targetRefused("auth source \(options.importSourceId) does not exist (\(channel.summary(response)));"
                    + " check options.auth_source_id")
            })
        case 404 where actions.count == 1 && channel.isVendorNotFound(response):
            // The stored id is gone (deleted at deprovisioning or by hand): import the user anew.
            return await importUsers([actions[0].asCreate])
        case 400..<500, 500:
            if actions.count == 1, actions[0].kind != .create, actions[0].vendorId != nil {
                return await settleRefusedReimport(actions[0], answer: response)
            }
            return .refused(channel.summary(response), status: response.status)
        default:
            return .outcomes(actions.map { core.outcome(ofRefusal: response, for: $0) })
        }
    }

    /// Which status Aria gives a re-import whose id it no longer holds is not documented (404 is
    /// handled above; 400 or 500 are as likely): the user is looked up by name before the
    /// refusal is believed. Absent: imported anew. Held under another id: reported as existing
    /// (adopted only if nobody else owns it). Held under the stored id: the refusal stands.
    private func settleRefusedReimport(_ action: SyncAction, answer: HTTPResponse) async -> BatchAnswer {
        let refusal: BatchAnswer = .refused(channel.summary(answer), status: answer.status)
        switch try? await lookup(naturalKeyOf: action.payload) {
        case .notFound?:
            channel.logger.notice("Aria Operations no longer holds the stored id: importing the user anew",
                                  metadata: ["answer": "\(channel.summary(answer))"])
            return await importUsers([action.asCreate])
        case .found(let current)? where current.lowercased() != action.vendorId?.lowercased():
            return .outcomes([action.exists(
                vendorId: current, "\(channel.summary(answer)); the stored id is gone and Aria holds this user name as \(current)")])
        default:
            return refusal
        }
    }

    // MARK: - Deprovision

    private func deprovision(_ action: SyncAction) async -> ActionOutcome {
        var id = action.vendorId
        if id == nil {
            switch try? await lookup(naturalKeyOf: action.payload) {
            case .found(let found): id = found
            case .notFound: return action.applied(vendorId: nil)  // nothing at the vendor to take away
            default: return action.failed("no stored Aria Operations id and the lookup by user name failed")
            }
        }
        guard let id else { return action.failed("no Aria Operations id") }
        let delete = core.settings.deprovision == .delete
        let result = await sendAuthorized(safety: .idempotent) { headers in
            delete
                ? channel.request(.delete, options.apiPrefix + "/auth/users/\(VendorChannel.pathSegment(id))", headers: headers)
                : channel.request(.put, options.apiPrefix + "/auth/users", body: userObject(action, id: id, enabled: false),
                                  headers: headers)
        }
        switch result {
        case .failure(let failure):
            return action.outcome(of: failure)
        case .success(let response) where channel.isVendorNotFound(response):
            let answer = channel.summary(response)
            return await confirmGone(action, id: id, answer: answer, stillThere: action.failed(
                "\(answer), yet user \(id) still exists: the user keeps access"))
        case .success(let response) where response.status == 404:
            return core.notFoundFromElsewhere(response, for: action)
        case .success(let response) where (200..<300).contains(response.status) && !channel.isWebPage(response):
            // A PUT answers with the user as stored: one still enabled was not disabled, whatever the status.
            if !delete, JSON.decode(UserList.User.self, from: response.body, keys: .camelCase)?.enabled == true {
                return action.failed("Aria answered the disable with the user still enabled (\(channel.summary(response))); sent again")
            }
            return action.applied(vendorId: id)
        case .success(let response) where (200..<300).contains(response.status):
            return action.failed("HTTP \(response.status) with a web page instead of the vendor's answer; sent again")
        case .success(let response) where (400..<500).contains(response.status) && ![401, 403].contains(response.status):
            // What a disable or delete of an id Aria no longer holds gets is not documented (404
            // is one answer, 400 another): the lookup tells a refusal from a user already gone.
            return await confirmGone(
                action, id: id, answer: channel.summary(response), stillThere: core.outcome(ofRefusal: response, for: action))
        case .success(let response):
            return core.outcome(ofRefusal: response, for: action)
        }
    }

    // MARK: - Auth

    /// Sends with the session token; on 401 renews the token once and sends again, and if the
    /// fresh token is refused too, sends it once under the other scheme (``AriaTokenSession``).
    private func sendAuthorized(
        safety: RequestSafety, readable: (@Sendable (HTTPResponse) -> Bool)? = nil, _ build: (HTTPHeaders) -> HTTPRequest
    ) async -> Result<HTTPResponse, SendFailure> {
        func send(_ token: Secret, _ scheme: String) async -> Result<HTTPResponse, SendFailure> {
            await channel.send(build(AriaTokenSession.authorization(token, scheme: scheme)), safety: safety, readable: readable)
        }
        func refused(_ result: Result<HTTPResponse, SendFailure>) -> Bool {
            if case .success(let response) = result, response.status == 401 { true } else { false }
        }
        do {
            let (token, generation) = try await session.current()
            let first = await send(token, await session.scheme)
            guard refused(first) else { return first }
            channel.logger.info("Aria Operations answered 401: acquiring a new token once")
            let (renewed, _) = try await session.renew(after: generation)
            let scheme = await session.scheme
            let second = await send(renewed, scheme)
            guard refused(second), let other = await session.scheme(after: scheme) else { return second }
            return await send(renewed, other)
        } catch {
            return .failure(.notApplied("no Aria Operations token: \(error.message)"))
        }
    }

    /// Aria's user list: `{"users":[…], "pageInfo":{…}}` as its list answers are shaped; a bare
    /// list is read too (the lookup's answer is not shown in the seed).
    private struct UserList: Decodable {
        struct User: Decodable {
            var id: String?
            var username: String?
            var enabled: Bool?
        }

        struct PageInfo: Decodable {
            var totalCount: Int?
            var page: Int?
            var pageSize: Int?
        }

        var users: [User]
        var pageInfo: PageInfo?

        static func read(_ body: Data) -> UserList? {
            if let list = JSON.decode(Listed.self, from: body, keys: .camelCase), let users = list.users {
                return UserList(users: users, pageInfo: list.pageInfo)
            }
            return JSON.decode([User].self, from: body, keys: .camelCase).map { UserList(users: $0, pageInfo: nil) }
        }

        /// Whether `pageInfo` says users come after page `page`; nil when it does not say.
        func hasPage(after page: Int) -> Bool? {
            guard let total = pageInfo?.totalCount, let size = pageInfo?.pageSize, size > 0 else { return nil }
            return (page + 1) * size < total
        }

        /// Whether no page follows this one: as `pageInfo` says; without it, when the page is
        /// empty or holds only the user filtered for (`wanted`, lowercased: the filter worked).
        func isLast(page: Int, filteredFor wanted: String?) -> Bool {
            if let more = hasPage(after: page) { return !more }
            guard let wanted else { return users.isEmpty }
            return users.allSatisfy { $0.username?.lowercased() == wanted }
        }

        private struct Listed: Decodable {
            var users: [User]?
            var pageInfo: PageInfo?
        }
    }
}
