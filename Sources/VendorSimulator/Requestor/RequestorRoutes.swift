import DirBridgeCore
import Foundation
import Hummingbird

/// Requestor: `POST {base}/api/Import/SyncRequestorUsers` (≤ 100 users, per-user results) and
/// `POST {base}/api/Account/DeleteRequestorUser`.
struct RequestorRoutes {
    let credentials: SimulatorCredentials
    let maxBatch: Int
    let patchableProperties: Set<String>
    let customerId: Int
    let store: RequestorStore
    let counters: SimulatorCounters
    let behaviour: LiveBehaviour
    /// Shuffles results when ``SimulatorBehaviour/requestorResultOrder`` asks for it.
    let shuffler: ResultShuffler

    func register(on group: RouterGroup<SimulatorRequestContext>) {
        group.post("api/Import/SyncRequestorUsers") { request, _ in try await sync(request) }
        group.post("api/Account/DeleteRequestorUser") { request, _ in try await delete(request) }
    }

    /// Bearer token, or Basic when the credentials configure a Requestor administrator login.
    private func authorized(_ request: Request) -> Bool {
        guard let authorization = request.authorization else { return false }
        if let token = authorization.bearerToken {
            return constantTimeEquals(token, credentials.requestor.bearerToken)
        }
        if let basic = authorization.basic, let login = credentials.requestorBasic {
            return constantTimeEquals(basic.username, login.username) && constantTimeEquals(basic.password, login.password)
        }
        return false
    }

    private func jsonBody(_ request: Request) async throws -> Result<JSONValue, ResponseFailure> {
        let body = try await request.collectData()
        switch request.bodyFormat {
        case .unsupported(let mediaType):
            return .failure(ResponseFailure(SimulatorResponse.aspNetUnsupportedMediaType(mediaType)))
        case .xml:
            return .failure(ResponseFailure(xmlBodyResponse(body)))
        case .json:
            guard let value = JSONValue.parse(body) else {
                return .failure(ResponseFailure(SimulatorResponse.aspNetMessage(.badRequest, "The request body is not valid JSON.")))
            }
            return .success(value)
        }
    }

    func sync(_ request: Request) async throws -> Response {
        guard authorized(request) else { return SimulatorResponse.aspNetUnauthorized(scheme: "Bearer") }
        let body: JSONValue
        switch try await jsonBody(request) {
        case .failure(let failure): return failure.response
        case .success(let value): body = value
        }
        guard let list = body.arrayValue else {
            return SimulatorResponse.aspNetMessage(.badRequest, "The body must be a JSON array of users.")
        }
        guard list.count <= maxBatch else {
            return SimulatorResponse.aspNetMessage(
                .badRequest, "Max bulk size is \(maxBatch) users; the request has \(list.count)."
            )
        }
        let behaviour = self.behaviour.current
        let items = list.enumerated().map { RequestorImportItem.parse($1, index: $0, patchable: patchableProperties) }
        if behaviour.requestorInvalidItem == .wholeBatch,
            case .failure(let refusal)? = items.first(where: { if case .failure = $0 { true } else { false } })
        {
            return SimulatorResponse.aspNetMessage(.badRequest, "The request is invalid: \(refusal.message)")
        }
        let outcomes = store.sync(items, strictReplace: behaviour.requestorPatchReplace == .strict)
        var results: [JSONValue] = []
        for (item, outcome) in zip(items, outcomes) {
            var username: String?
            var externalId: String?
            switch item {
            case .success(let parsed):
                username = parsed.username
                externalId = parsed.externalId
            case .failure(let refusal):
                username = refusal.username
                externalId = refusal.externalId
            }
            var result: [String: JSONValue] = [
                "Username": username.json, "ExternalId": behaviour.requestorResultExternalId == .echo ? externalId.json : .null,
                "Success": false, "ErrorMessage": nil,
                "UserProviderKey": nil, "UserProviderKeyConflict": nil, "CustomerId": nil,
            ]
            switch outcome {
            case .created(let key), .updated(let key):
                result["Success"] = true
                result["UserProviderKey"] = .string(key)
                result["CustomerId"] = .number(Double(customerId))
                counters.record(outcome == .created(key: key) ? .create : .update, vendor: .requestor)
            case .conflict(let existingKey, let message):
                result["ErrorMessage"] = .string(message)
                result["UserProviderKeyConflict"] = .string(existingKey)
                counters.record(.duplicateCreate, vendor: .requestor)
            case .refused(let message):
                result["ErrorMessage"] = .string(message)
            }
            results.append(.object(result))
            if behaviour.requestorResultsPerUser == .two {
                // A second record of the same operation, as "all records for each user" may mean:
                // the key is left out of it where it would repeat.
                var record = result
                record["UserProviderKey"] = .null
                results.append(.object(record))
            }
        }
        switch behaviour.requestorResultOrder {
        case .inOrder: break
        case .reversed: results.reverse()
        case .shuffled: results = shuffler.shuffled(results)
        }
        return SimulatorResponse.json(.ok, ["RequestorUsers": .array(results)])
    }

    func delete(_ request: Request) async throws -> Response {
        guard authorized(request) else { return SimulatorResponse.aspNetUnauthorized(scheme: "Bearer") }
        let body: JSONValue
        switch try await jsonBody(request) {
        case .failure(let failure): return failure.response
        case .success(let value): body = value
        }
        guard let key = body.objectValue?["UserProviderKey"]?.stringValue, UUIDText.isValid(key) else {
            return SimulatorResponse.aspNetMessage(.badRequest, "UserProviderKey is required and must be a GUID.")
        }
        if let force = body.objectValue?["Force"], force != .null, force.boolValue == nil {
            return SimulatorResponse.aspNetMessage(.badRequest, "Force must be a boolean.")
        }
        if behaviour.current.requestorDeleteForce == .required, body.objectValue?["Force"]?.boolValue != true, store.holds(key: key) {
            return SimulatorResponse.json(.ok, [
                "Success": false, "ErrorMessage": .string("User \(key) owns requests and is kept: delete with Force to remove them too."),
            ])
        }
        guard store.delete(key: key) else {
            return SimulatorResponse.aspNetMessage(.notFound, "No user with UserProviderKey '\(key)' exists.")
        }
        counters.record(.delete, vendor: .requestor)
        return SimulatorResponse.json(.ok, ["Success": true])
    }
}
