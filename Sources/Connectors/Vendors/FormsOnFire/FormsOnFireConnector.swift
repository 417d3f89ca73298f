import DirBridgeCore
import HTTPTransport
import Logging

/// Forms On Fire users API: `POST {base}/api/v1/suser?format=json` creates one user, `PUT` updates
/// it by `Id`, `DELETE` with `{IntegrationKey, ProviderId, Id}` removes it.
///
/// There is no auth header: `ProviderId` and `IntegrationKey` go in the JSON body (in the query
/// for GET), so request bodies and URLs are never logged. The body is the flat SUser object
/// (the XML sample's root element is `SUser` itself). `ResponseStatus` is checked even on 200:
/// an error there rejects the user, naming the field the server names.
final class FormsOnFireConnector: CoreBackedConnector {
    let core: ConnectorCore
    private let options: FormsOnFireSettings
    /// ServiceStack's empty GUID: what an answer without a real id carries.
    private static let emptyId = "00000000-0000-0000-0000-000000000000"

    init(core: ConnectorCore, options: FormsOnFireSettings) {
        self.core = core
        self.options = options
    }

    var maxBatchSize: Int { core.settings.batchSize ?? 50 }

    func open() async throws(ConnectorError) {}

    func close() async {}

    func checkAccess() async throws(ConnectorError) -> AccessCheck {
        // A search for an address that cannot exist reads nothing and writes nothing.
        try await verifyAccess(searchRequest(value: "dirbridge-access-check@invalid"))
    }

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        guard let value = payload.text(options.lookupField) else {
            throw channel.error(.invalidSettings, "lookup", "the payload has no \(options.lookupField)")
        }
        let operation = "lookup of \(value)"
        let response = try await channel.send(searchRequest(value: value), safety: .idempotent).orThrow(channel, operation)
        if response.status == 404 { return .notFound }
        guard (200..<300).contains(response.status), let answer = JSON.decode(Answer.self, from: response.body) else {
            throw channel.error(.unexpectedResponse, operation, channel.summary(response), status: response.status)
        }
        if let problem = answer.problem { throw channel.error(.unexpectedResponse, operation, problem.message) }
        let users = (answer.SUsers ?? []) + (answer.SUser.map { [$0] } ?? [])
        let wanted = value.lowercased()
        let match = users.first { user in
            let candidate = options.lookupParameter.lowercased() == "externalid" ? user.ExternalId : user.Email
            return candidate?.lowercased() == wanted
        }
        return match?.realId.map(LookupResult.found) ?? .notFound
    }

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        await concurrentMap(batch, limit: concurrency) { await self.send($0) }
    }

    // MARK: - Requests

    private var credentials: [String: FieldValue] {
        let provider = options.providerId.revealed
        return [
            "ProviderId": Int(provider).map(FieldValue.int) ?? .string(provider),
            "IntegrationKey": .string(options.integrationKey.revealed),
        ]
    }

    private var userPath: String { options.userPath }
    private var format: [(String, String)] { [("format", "json")] }

    private func searchRequest(value: String) -> HTTPRequest {
        channel.request(.get, userPath, query: format + [
            ("ProviderId", options.providerId.revealed), ("IntegrationKey", options.integrationKey.revealed),
            (options.lookupParameter, value),
        ])
    }

    private func body(_ action: SyncAction, id: String?) -> FieldValue {
        var fields = action.payload.fields.merging(credentials) { _, credential in credential }
        fields["Id"] = id.map(FieldValue.string)
        return .object(fields)
    }

    private func send(_ action: SyncAction) async -> ActionOutcome {
        switch action.kind {
        case .disable:
            guard core.settings.deprovision == .delete else { return core.ignoredDisable(action) }
            return await delete(action)
        case .create:
            return await create(action)
        case .update, .reimport:
            guard let id = action.vendorId else { return await create(action) }
            let request = channel.request(.put, userPath, query: format, body: body(action, id: id))
            let outcome = await exchange(action, request, safety: .idempotent, fallbackId: id)
            if outcome.isNotFound {
                // Deleted at deprovisioning (or by hand): the user comes back as a new one.
                return await create(action)
            }
            return outcome.outcome
        }
    }

    private func create(_ action: SyncAction) async -> ActionOutcome {
        let request = channel.request(.post, userPath, query: format, body: body(action, id: nil))
        let created = await exchange(action, request, safety: .nonIdempotent, fallbackId: nil)
        guard created.isDuplicate else { return created.outcome }
        return await adopt(action, refusal: created.outcome)
    }

    /// The e-mail or external id is already taken: find that user and update it rather than
    /// leaving the directory user unmanaged (or, worse, creating a second account).
    private func adopt(_ action: SyncAction, refusal: ActionOutcome) async -> ActionOutcome {
        guard case .found(let id) = try? await lookup(naturalKeyOf: action.payload) else { return refusal }
        channel.logger.notice("Adopting existing Forms On Fire user", metadata: ["dn": "\(action.dn)", "id": "\(id)"])
        let request = channel.request(.put, userPath, query: format, body: body(action, id: id))
        return await exchange(action, request, safety: .idempotent, fallbackId: id).outcome
    }

    private func delete(_ action: SyncAction) async -> ActionOutcome {
        guard let id = action.vendorId else { return action.failed("no stored Forms On Fire id: the user cannot be addressed") }
        let request = channel.request(.delete, userPath, query: format, body: .object(credentials.merging(["Id": .string(id)]) { $1 }))
        let result = await exchange(action, request, safety: .idempotent, fallbackId: id)
        return result.isNotFound ? action.applied(vendorId: id) : result.outcome  // already gone is the goal
    }

    private struct Exchange {
        var outcome: ActionOutcome
        var isNotFound = false
        var isDuplicate = false
    }

    private func exchange(_ action: SyncAction, _ request: HTTPRequest, safety: RequestSafety, fallbackId: String?) async -> Exchange {
        let response: HTTPResponse
        switch await channel.send(request, safety: safety) {
        case .failure(let failure): return Exchange(outcome: action.outcome(of: failure))
        case .success(let answer): response = answer
        }
        let answer = JSON.decode(Answer.self, from: response.body)
        // ServiceStack answers errors, bad credentials included, as 200 with a ResponseStatus.
        if let problem = answer?.problem, (200..<300).contains(response.status) || (400..<500).contains(response.status),
           ![401, 403].contains(response.status) {
            let code = answer?.ResponseStatus?.ErrorCode ?? ""
            if code == "Unauthorized" {
                return Exchange(outcome: action.failed("the vendor refused dirbridge's credentials (\(channel.redact(problem.message)))"))
            }
            return Exchange(outcome: action.rejected(field: problem.field, channel.redact(problem.message)),
                            isNotFound: response.status == 404 || code == "NotFound",
                            isDuplicate: code.hasPrefix("Duplicate"))
        }
        guard (200..<300).contains(response.status) else {
            return Exchange(outcome: core.outcome(ofRefusal: response, for: action), isNotFound: response.status == 404)
        }
        if let id = answer?.SUser?.realId ?? fallbackId { return Exchange(outcome: action.applied(vendorId: id)) }
        return Exchange(outcome: action.unknown("HTTP \(response.status) without the new user's Id"))
    }

    // MARK: - Answers

    private struct Answer: Decodable {
        struct User: Decodable {
            var Id: String?
            var Email: String?
            var ExternalId: String?

            var realId: String? {
                guard let Id, !Id.isEmpty, Id != FormsOnFireConnector.emptyId else { return nil }
                return Id
            }
        }

        struct Status: Decodable {
            struct Problem: Decodable {
                var ErrorCode: String?
                var FieldName: String?
                var Message: String?
            }

            var ErrorCode: String?
            var Message: String?
            var Errors: [Problem]?
        }

        var SUser: User?
        var SUsers: [User]?
        var ResponseStatus: Status?

        /// The first error the answer reports, if any, with the field it names.
        var problem: (field: String?, message: String)? {
            guard let status = ResponseStatus else { return nil }
            if let first = status.Errors?.first {
                let text = [first.ErrorCode, first.Message].compactMap { $0 }.joined(separator: ": ")
                return (first.FieldName.flatMap { $0.isEmpty ? nil : $0 }, text.isEmpty ? "refused" : text)
            }
            guard let code = status.ErrorCode, !code.isEmpty else { return nil }
            return (nil, [code, status.Message].compactMap { $0 }.joined(separator: ": "))
        }
    }
}
