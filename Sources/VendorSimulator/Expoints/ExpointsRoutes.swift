import DirBridgeCore
import Foundation
import Hummingbird

/// Expoints external API v3: add (`POST`) and update (`PUT`) users in batches, look a user up
/// by name, list roles. Bearer token auth.
struct ExpointsRoutes {
    let token: String
    let maxBatch: Int
    let roles: [ExpointsRole]
    let store: ExpointsStore
    let counters: SimulatorCounters
    let behaviour: LiveBehaviour

    func register(on group: RouterGroup<SimulatorRequestContext>) {
        let api = group.group("external/api/v3")
        api.post("user") { request, _ in try await write(request, adding: true) }
        api.put("user") { request, _ in try await write(request, adding: false) }
        api.get("user") { request, _ in lookup(request) }
        api.get("role") { request, _ in listRoles(request) }
    }

    private func authorized(_ request: Request) -> Bool {
        guard let presented = request.authorization?.bearerToken else { return false }
        return constantTimeEquals(presented, token)
    }

    func write(_ request: Request, adding: Bool) async throws -> Response {
        if !adding, behaviour.current.expointsUpdates == .absent { return methodNotAllowed("PUT") }
        guard authorized(request) else { return SimulatorResponse.aspNetUnauthorized(scheme: "Bearer") }
        let body = try await request.collectData()
        switch request.bodyFormat {
        case .unsupported(let mediaType): return SimulatorResponse.aspNetUnsupportedMediaType(mediaType)
        case .xml: return xmlBodyResponse(body)
        case .json: break
        }
        guard let list = JSONValue.parse(body)?.arrayValue, !list.isEmpty else {
            return SimulatorResponse.aspNetMessage(.badRequest, "The body must be a non-empty JSON array of users.")
        }
        guard list.count <= maxBatch else {
            return SimulatorResponse.aspNetMessage(.badRequest, "At most \(maxBatch) users per request; got \(list.count).")
        }
        let knownRoleIds = Set(roles.map { $0.id.lowercased() })
        if adding, behaviour.current.expointsBatch == .inOrder {
            return addInOrder(list, knownRoleIds: knownRoleIds)
        }
        var users: [ExpointsUser] = []
        var errors: [(field: String, message: String)] = []
        for (index, element) in list.enumerated() {
            switch ExpointsUser.parse(element, index: index, knownRoleIds: knownRoleIds) {
            case .success(let user): users.append(user)
            case .failure(let failure): errors += failure.errors
            }
        }
        guard errors.isEmpty else { return SimulatorResponse.aspNetModelState(errors) }
        return answer(adding ? store.add(users) : store.update(users), adding: adding, count: users.count)
    }

    /// Validates and stores the users one after another: the first one refused answers the
    /// request with its error, those before it stay stored, those after it are not processed.
    private func addInOrder(_ list: [JSONValue], knownRoleIds: Set<String>) -> Response {
        for (index, element) in list.enumerated() {
            switch ExpointsUser.parse(element, index: index, knownRoleIds: knownRoleIds) {
            case .failure(let failure):
                return SimulatorResponse.aspNetModelState(failure.errors)
            case .success(let user):
                let stored = store.add([user])
                guard case .success = stored else { return answer(stored, adding: true, count: 1) }
                counters.record(.create, vendor: .expoints, count: 1)
            }
        }
        return SimulatorResponse.empty(.ok)
    }

    private func answer(_ result: Result<Void, ExpointsStore.Refusal>, adding: Bool, count: Int) -> Response {
        switch result {
        case .success:
            counters.record(adding ? .create : .update, vendor: .expoints, count: count)
            return SimulatorResponse.empty(.ok)
        case .failure(.alreadyExists(let names)):
            counters.record(.duplicateCreate, vendor: .expoints, count: names.count)
            return SimulatorResponse.aspNetMessage(
                HTTPResponse.Status(code: behaviour.current.expointsDuplicateStatus),
                "User(s) already exist: \(names.joined(separator: ", ")).")
        case .failure(.unknown(let names)):
            return SimulatorResponse.aspNetMessage(.badRequest, "User(s) do not exist: \(names.joined(separator: ", ")).")
        case .failure(.duplicateInRequest(let name)):
            return SimulatorResponse.aspNetMessage(.badRequest, "User '\(name)' appears more than once in the request.")
        }
    }

    /// Web API routes before it authenticates: a method the route lacks is 405 for anyone.
    private func methodNotAllowed(_ method: String) -> Response {
        var response = SimulatorResponse.aspNetMessage(
            .methodNotAllowed, "The requested resource does not support http method '\(method)'.")
        let current = behaviour.current
        response.headers[.allow] = [current.expointsLookupShape == .absent ? nil : "GET", "POST", current.expointsUpdates == .absent ? nil : "PUT"]
            .compactMap { $0 }.joined(separator: ", ")
        return response
    }

    func lookup(_ request: Request) -> Response {
        if behaviour.current.expointsLookupShape == .absent { return methodNotAllowed("GET") }
        guard authorized(request) else { return SimulatorResponse.aspNetUnauthorized(scheme: "Bearer") }
        guard let name = request.query("name"), behaviour.current.expointsLookupShape != .unfiltered else {
            return SimulatorResponse.json(.ok, store.json)
        }
        let stored = store.user(named: name)
        if behaviour.current.expointsLookupShape == .array {
            return SimulatorResponse.json(.ok, .array(stored.map { [store.json($0)] } ?? []))
        }
        guard let stored else {
            return SimulatorResponse.aspNetMessage(.notFound, "User '\(name)' does not exist.")
        }
        return SimulatorResponse.json(.ok, store.json(stored))
    }

    func listRoles(_ request: Request) -> Response {
        guard authorized(request) else { return SimulatorResponse.aspNetUnauthorized(scheme: "Bearer") }
        return SimulatorResponse.json(.ok, .array(roles.map { ["Id": .string($0.id), "Name": .string($0.name)] }))
    }
}
