import DirBridgeCore
import Foundation
import Hummingbird

/// Aria Operations suite-api: token acquire/release, user import into an auth source, lookup,
/// modify and delete. Errors use Aria's `{"message", "httpStatusCode", "apiErrorCode"}` shape.
struct AriaRoutes {
    let credentials: SimulatorCredentials.UserPassword
    let authSourceIds: Set<String>
    let tokens: AriaTokenStore
    let users: AriaUserStore
    let counters: SimulatorCounters
    let behaviour: LiveBehaviour

    func register(on group: RouterGroup<SimulatorRequestContext>) {
        let api = group.group("suite-api/api/auth")
        api.post("token/acquire") { request, _ in try await acquire(request) }
        api.post("token/release") { request, _ in release(request) }
        api.post("sources/:sourceId/users") { request, context in
            try await importUsers(request, sourceId: context.parameters.get("sourceId") ?? "")
        }
        api.get("users") { request, _ in lookup(request) }
        api.put("users") { request, _ in try await modify(request) }
        api.delete("users/:id") { request, context in delete(request, id: context.parameters.get("id") ?? "") }
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        SimulatorResponse.json(
            status,
            ["message": .string(message), "httpStatusCode": .number(Double(status.code)), "apiErrorCode": .number(Double(status.code))]
        )
    }

    /// The JSON object body of a request, or the error response Aria (Spring) would send.
    private func objectBody(_ request: Request) async throws -> Result<JSONValue, ResponseFailure> {
        guard request.bodyFormat == .json else {
            return .failure(ResponseFailure(Self.error(.unsupportedMediaType, "Content-Type must be application/json.")))
        }
        guard let body = JSONValue.parse(try await request.collectData()), body.objectValue != nil else {
            return .failure(ResponseFailure(Self.error(.badRequest, "The request body is not a JSON object.")))
        }
        return .success(body)
    }

    private func token(of request: Request) -> String? {
        guard let authorization = request.authorization,
            behaviour.current.ariaTokenSchemes.accepts(authorization.scheme)
        else { return nil }
        return authorization.credentials
    }

    private func authorized(_ request: Request) -> Bool {
        guard let token = token(of: request) else { return false }
        return tokens.validate(token)
    }

    private static let unauthorized = "Authentication required: send Authorization: OpsToken <token> with a live token."

    func acquire(_ request: Request) async throws -> Response {
        let body: JSONValue
        switch try await objectBody(request) {
        case .failure(let error): return error.response
        case .success(let value): body = value
        }
        guard let username = body.objectValue?["username"]?.stringValue,
            let password = body.objectValue?["password"]?.stringValue,
            constantTimeEquals(username, credentials.username),
            constantTimeEquals(password, credentials.password)
        else {
            return Self.error(.unauthorized, "Invalid username or password.")
        }
        let issued = tokens.acquire()
        return SimulatorResponse.json(
            .ok,
            [
                "token": .string(issued.token),
                "validity": .number((issued.expiresAt.timeIntervalSince1970 * 1000).rounded()),
                "expiresAt": .string(issued.expiresAt.formatted(.iso8601)),
                "roles": [],
            ]
        )
    }

    func release(_ request: Request) -> Response {
        guard let token = token(of: request), tokens.release(token) else {
            return Self.error(.unauthorized, Self.unauthorized)
        }
        return SimulatorResponse.empty(.ok)
    }

    func importUsers(_ request: Request, sourceId: String) async throws -> Response {
        guard authorized(request) else { return Self.error(.unauthorized, Self.unauthorized) }
        guard authSourceIds.contains(sourceId) else {
            return Self.error(.notFound, "Auth source with id \(sourceId) does not exist.")
        }
        let body: JSONValue
        switch try await objectBody(request) {
        case .failure(let error): return error.response
        case .success(let value): body = value
        }
        guard let list = body.objectValue?["users"]?.arrayValue, !list.isEmpty else {
            return Self.error(.badRequest, "The body must be {\"users\": [...]} with at least one user.")
        }
        let behaviour = self.behaviour.current
        let atomic = behaviour.ariaBatch == .atomic
        // The users before the first invalid one: all of them when every user is valid. An
        // atomic import refuses the request outright; an in-order one stores these first.
        var userObjects: [[String: JSONValue]] = []
        var violation: String?
        for (index, element) in list.enumerated() {
            guard let user = element.objectValue else {
                violation = "users[\(index)] must be an object."
                break
            }
            violation = AriaUserSchema.violation(in: user, index: index)
            if violation != nil { break }
            userObjects.append(user)
        }
        if atomic, let violation { return Self.error(.badRequest, violation) }
        let (result, refusal) = users.importUsers(userObjects, sourceId: sourceId, atomic: atomic)
        counters.record(.create, vendor: .ariaOperations, count: result.created)
        counters.record(.update, vendor: .ariaOperations, count: result.updated)
        switch refusal {
        case nil:
            if let violation { return Self.error(.badRequest, violation) }
            return SimulatorResponse.json(.created, ["users": .array(result.users.map(JSONValue.object))])
        case let refusal?:
            switch refusal {
            case .reimportWithoutId(let username, let existingId):
                counters.record(.duplicateCreate, vendor: .ariaOperations)
                return Self.error(
                    HTTPResponse.Status(code: behaviour.ariaDuplicateStatus),
                    "User '\(username)' already exists with id \(existingId): re-import without id is refused; populate the id field."
                )
            case .unknownId(let id):
                return Self.error(
                    HTTPResponse.Status(code: behaviour.ariaUnknownIdStatus), "User with id \(id) does not exist.")
            case .usernameTaken(let username, let id):
                return Self.error(.conflict, "Username '\(username)' belongs to user \(id).")
            case .duplicateInRequest(let username):
                return Self.error(.badRequest, "Username '\(username)' appears more than once in the request.")
            case .missingUsername(let index):
                return Self.error(.badRequest, "users[\(index)].username is required.")
            }
        }
    }

    func lookup(_ request: Request) -> Response {
        guard authorized(request) else { return Self.error(.unauthorized, Self.unauthorized) }
        let lookup = behaviour.current.ariaLookup
        guard lookup != .filtered else {
            let found = users.users(usernames: request.queryValues("username"), ids: request.queryValues("id"))
            return SimulatorResponse.json(.ok, ["users": .array(found.map(JSONValue.object))])
        }
        // A release that ignores the filter: everyone, a page at a time, at most 25 per page.
        let everyone = users.users(usernames: [], ids: [])
        let pageSize = min(max(request.queryValues("pageSize").first.flatMap { Int($0) } ?? 25, 1), 25)
        let page = max(request.queryValues("page").first.flatMap { Int($0) } ?? 0, 0)
        let shown = everyone.dropFirst(page * pageSize).prefix(pageSize)
        var pageInfo: [String: JSONValue] = ["page": .number(Double(page)), "pageSize": .number(Double(pageSize))]
        if lookup == .pagedUnfiltered { pageInfo["totalCount"] = .number(Double(everyone.count)) }
        return SimulatorResponse.json(.ok, ["pageInfo": .object(pageInfo), "users": .array(shown.map(JSONValue.object))])
    }

    func modify(_ request: Request) async throws -> Response {
        guard authorized(request) else { return Self.error(.unauthorized, Self.unauthorized) }
        let body: [String: JSONValue]
        switch try await objectBody(request) {
        case .failure(let error): return error.response
        case .success(let value): body = value.objectValue ?? [:]
        }
        if let violation = AriaUserSchema.violation(in: body, index: 0) {
            return Self.error(.badRequest, violation)
        }
        guard let id = body["id"]?.stringValue else {
            return Self.error(.badRequest, "The user id is required to modify a user.")
        }
        switch users.modify(id: id, changes: body) {
        case .success(let user):
            counters.record(.update, vendor: .ariaOperations)
            return SimulatorResponse.json(.ok, .object(user))
        case .failure(.unknownId(let id)):
            return Self.error(HTTPResponse.Status(code: behaviour.current.ariaUnknownIdStatus), "User with id \(id) does not exist.")
        case .failure(.usernameTaken(let username, let holder)):
            return Self.error(.conflict, "Username '\(username)' belongs to user \(holder).")
        }
    }

    func delete(_ request: Request, id: String) -> Response {
        guard authorized(request) else { return Self.error(.unauthorized, Self.unauthorized) }
        guard users.delete(id: id) else {
            return Self.error(HTTPResponse.Status(code: behaviour.current.ariaUnknownIdStatus), "User with id \(id) does not exist.")
        }
        counters.record(.delete, vendor: .ariaOperations)
        return SimulatorResponse.empty(.noContent)
    }
}
