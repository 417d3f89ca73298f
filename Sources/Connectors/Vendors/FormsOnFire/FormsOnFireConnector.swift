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
    /// A batch's users are sent side by side, as many at once as the window may hold.
    var requestsPerBatch: Int { min(maxBatchSize, concurrency) }
    var matchField: String? { options.lookupField }

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
        let response = try await channel.send(searchRequest(value: value), safety: .idempotent) { response in
            JSON.decode(Answer.self, from: response.body, keys: .pascalCase) != nil || JSON.decode([Answer.User].self, from: response.body, keys: .pascalCase) != nil
        }.orThrow(channel, operation)
        if channel.isVendorNotFound(response) { return .notFound }
        // The seed does not show a search answer: a response object (`SUsers` or `SUser`) or a bare list.
        let answer = JSON.decode(Answer.self, from: response.body, keys: .pascalCase)
        let listed = answer == nil ? JSON.decode([Answer.User].self, from: response.body, keys: .pascalCase) : nil
        guard (200..<300).contains(response.status), !channel.isWebPage(response), answer != nil || listed != nil else {
            throw channel.error(.unexpectedResponse, operation, channel.summary(response), status: response.status)
        }
        if let problem = answer?.problem { throw channel.error(.unexpectedResponse, operation, problem.message) }
        // Every property here is optional, so any JSON object decodes: one that names none of the
        // answer's properties is another shape, and reading it as "nobody" could record a leaver
        // as gone. `{}` stays "nobody": ServiceStack leaves out a null list.
        if answer != nil, let keys = JSON.lowercasedObjectKeys(response.body), !keys.isEmpty,
           keys.isDisjoint(with: ["susers", "suser", "responsestatus"]) {
            throw channel.error(.unexpectedResponse, operation,
                                "the search answer has no SUsers or SUser (\(channel.summary(response)))", status: response.status)
        }
        let users = listed ?? ((answer?.SUsers ?? []) + (answer?.SUser.map { [$0] } ?? []))
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

    private var credentialQuery: [(String, String)] {
        [("ProviderId", options.providerId.revealed), ("IntegrationKey", options.integrationKey.revealed)]
    }

    private var userPath: String { options.userPath }
    private var format: [(String, String)] { [("format", "json")] }

    private func searchRequest(value: String) -> HTTPRequest {
        channel.request(.get, userPath, query: format + credentialQuery + [(options.lookupParameter, value)])
    }

    private func body(_ action: SyncAction, id: String?) -> FieldValue {
        var fields = action.payload.fields.merging(credentials) { _, credential in credential }
        fields["Id"] = id.map(FieldValue.string)
        return .object(fields)
    }

    private func send(_ action: SyncAction) async -> ActionOutcome {
        switch action.kind {
        case .disable:
            return await delete(action)
        case .create:
            return await create(action)
        case .update, .reimport, .adopt:
            guard let id = action.vendorId else { return await create(action) }
            let request = channel.request(.put, userPath, query: format, body: body(action, id: id))
            let updated = await exchange(action, request, safety: .idempotent)
            switch updated {
            case .notFound:
                // Deleted at deprovisioning (or by hand): the user comes back as a new one.
                return await create(action)
            case .answered(let user):
                return action.applied(vendorId: user?.realId ?? id)
            case .refused(_, let outcome), .settled(let outcome):
                return outcome
            }
        }
    }

    private func create(_ action: SyncAction) async -> ActionOutcome {
        let request = channel.request(.post, userPath, query: format, body: body(action, id: nil))
        switch await exchange(action, request, safety: .nonIdempotent) {
        case .answered(let user):
            guard let id = user?.realId else { return action.unknown("the answer carries no Id for the new user") }
            return action.applied(vendorId: id)
        case .refused(let reason, let plain):
            // The duplicate codes are not documented (DuplicateEmail? a validation error?): any refused
            // create is looked up, and an account found under its key is reported as existing.
            return await settleRefusedCreate(action, refusal: reason, whenAbsent: plain)
        case .notFound:
            return action.rejected("the vendor answered NotFound to a create")
        case .settled(let outcome):
            return outcome
        }
    }

    private func delete(_ action: SyncAction) async -> ActionOutcome {
        guard let id = action.vendorId else { return action.failed("no stored Forms On Fire id: the user cannot be addressed") }
        let parameters = options.deleteParameters
        let query = format + (parameters == .body ? [] : credentialQuery + [("Id", id)])
        let body: FieldValue? = parameters == .query ? nil : .object(credentials.merging(["Id": .string(id)]) { $1 })
        let request = channel.request(.delete, userPath, query: query, body: body)
        switch await exchange(action, request, safety: .idempotent) {
        case .answered(let user) where user?.Id?.lowercased() == id.lowercased():
            return action.applied(vendorId: id)
        case .answered:
            // Only the POST answer is documented: a 2xx that does not name the user (empty, or
            // another object) proves nothing by itself.
            return await confirmGone(action, id: id, answer: "the delete was answered without the deleted user")
        case .notFound:
            return await confirmGone(action, id: id, answer: "the delete was answered NotFound")
        case .refused(_, let outcome), .settled(let outcome):
            return outcome
        }
    }

    /// ``CoreBackedConnector/confirmGone(_:id:answer:stillThere:)``: a user still there after a
    /// delete is most often one whose parameters the server did not read.
    private func confirmGone(_ action: SyncAction, id: String, answer: String) async -> ActionOutcome {
        await confirmGone(action, id: id, answer: answer, stillThere: action.failed(
            "\(answer), yet user \(id) still exists and keeps access:"
                + " check options.delete_parameters (where the server reads Id and the credentials)"))
    }

    /// What one request came to.
    private enum Exchange {
        /// The vendor's success answer and the user it carries, if any.
        case answered(Answer.User?)
        /// `NotFound`, as a status or as the ServiceStack error code.
        case notFound
        /// The vendor refused this user; `outcome` is the plain reading of the refusal.
        case refused(String, ActionOutcome)
        /// Anything else, already turned into this action's outcome.
        case settled(ActionOutcome)
    }

    private func exchange(_ action: SyncAction, _ request: HTTPRequest, safety: RequestSafety) async -> Exchange {
        let response: HTTPResponse
        switch await channel.send(request, safety: safety) {
        case .failure(let failure): return .settled(action.outcome(of: failure))
        case .success(let answer): response = answer
        }
        let answer = channel.isWebPage(response) ? nil : JSON.decode(Answer.self, from: response.body, keys: .pascalCase)
        // ServiceStack answers errors, bad credentials included, as 200 with a ResponseStatus.
        if let answer, let problem = answer.problem, response.status < 500 {
            let code = answer.ResponseStatus?.ErrorCode ?? ""
            if code == "Unauthorized" || [401, 403].contains(response.status) {
                return .settled(action.targetRefused("the vendor refused dirbridge's credentials (\(channel.redact(problem.message)))"))
            }
            if response.status == 404 || code == "NotFound" { return .notFound }
            let reason = channel.redact(problem.message)
            return .refused(reason, action.rejected(field: problem.field, reason))
        }
        switch response.status {
        case 200..<300:
            // Only the POST answer is documented (SUserResponse with the new Id); for PUT and DELETE
            // any 2xx API answer without an error is taken, but never a web page or unreadable text.
            let readable = answer != nil || (response.body.isEmpty && action.kind != .create)
            guard readable, !channel.isWebPage(response), answer?.SUser != nil || action.kind != .create else {
                return .settled(action.unproven(
                    "HTTP \(response.status) without the documented SUserResponse (\(channel.summary(response)))"))
            }
            return .answered(answer?.SUser)
        case 404 where action.kind == .create:
            return .settled(core.routeMissing(response, for: action))
        case 404 where channel.isVendorNotFound(response):
            return .notFound
        case 404:
            return .settled(core.notFoundFromElsewhere(response, for: action))
        default:
            let outcome = core.outcome(ofRefusal: response, for: action)
            if case .rejected = outcome.result { return .refused(channel.summary(response), outcome) }
            return .settled(outcome)
        }
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
