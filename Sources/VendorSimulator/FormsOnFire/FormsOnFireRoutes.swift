import DirBridgeCore
import Foundation
import Hummingbird

/// Forms On Fire `api/v1/suser` (ServiceStack): create, update, delete, look up. Credentials
/// travel in the body (query for GET); errors — bad credentials included — come back as
/// 200 with a filled `ResponseStatus`, so a client must read it even on success codes.
struct FormsOnFireRoutes {
    let credentials: SimulatorCredentials.ProviderKey
    let store: FormsOnFireStore
    let counters: SimulatorCounters
    let behaviour: LiveBehaviour

    /// Properties of the SUser type the simulator keeps; the credentials are never stored.
    static let userFields: Set<String> = [
        "Email", "ExternalId", "FirstName", "LastName", "Password", "Folders", "Groups", "WebsiteRole", "Status", "Id",
    ]
    static let maxExternalIdLength = 50

    func register(on group: RouterGroup<SimulatorRequestContext>) {
        group.post("api/v1/suser") { request, _ in try await write(request, creating: true) }
        group.put("api/v1/suser") { request, _ in try await write(request, creating: false) }
        group.delete("api/v1/suser") { request, _ in try await delete(request) }
        group.get("api/v1/suser") { request, _ in lookup(request) }
    }

    struct FieldError {
        var code: String
        var field: String
        var message: String
    }

    static func status(_ code: String, _ message: String, errors: [FieldError] = []) -> JSONValue {
        [
            "ErrorCode": .string(code), "Message": .string(message),
            "Errors": .array(errors.map { ["ErrorCode": .string($0.code), "FieldName": .string($0.field), "Message": .string($0.message)] }),
        ]
    }

    static func failure(_ code: String, _ message: String, errors: [FieldError] = []) -> Response {
        SimulatorResponse.json(.ok, ["ResponseStatus": status(code, message, errors: errors)])
    }

    private static let unauthorized = failure("Unauthorized", "Invalid ProviderId or IntegrationKey.")

    private func validCredentials(providerId: JSONValue?, integrationKey: String?) -> Bool {
        guard let providerId = providerId?.integerValue, let integrationKey else { return false }
        return providerId == credentials.providerId && constantTimeEquals(integrationKey, credentials.integrationKey)
    }

    /// The JSON object body, or the 400 ServiceStack sends when it cannot deserialise.
    private func objectBody(_ request: Request) async throws -> Result<[String: JSONValue], ResponseFailure> {
        let body = try await request.collectData()
        let deserialisationError: String
        switch request.bodyFormat {
        case .json:
            if let object = JSONValue.parse(body)?.objectValue { return .success(object) }
            deserialisationError = "Could not deserialize 'application/json' request body into SUser."
        case .xml:
            deserialisationError =
                "Could not deserialize 'application/xml' request body into SUser (no JSON Content-Type; XML is assumed)."
        case .unsupported(let mediaType):
            deserialisationError = "Could not deserialize '\(mediaType)' request body into SUser."
        }
        return .failure(
            ResponseFailure(
                SimulatorResponse.json(.badRequest, ["ResponseStatus": Self.status("SerializationException", deserialisationError)])
            )
        )
    }

    func write(_ request: Request, creating: Bool) async throws -> Response {
        let body: [String: JSONValue]
        switch try await objectBody(request) {
        case .failure(let failure): return failure.response
        case .success(let value): body = value
        }
        guard validCredentials(providerId: body["ProviderId"], integrationKey: body["IntegrationKey"]?.stringValue) else {
            return Self.unauthorized
        }
        let user = body.filter { Self.userFields.contains($0.key) && $0.value != .null }
        var errors: [FieldError] = []
        for (key, value) in user where value.stringValue == nil && !["Folders", "Groups"].contains(key) {
            errors.append(FieldError(code: "InvalidType", field: key, message: "'\(key)' must be a string."))
        }
        let email = user["Email"]?.stringValue ?? ""
        if email.isEmpty {
            errors.append(FieldError(code: "NotEmpty", field: "Email", message: "'Email' must not be empty."))
        } else if !email.utf8.contains(UInt8(ascii: "@")) {
            errors.append(FieldError(code: "Email", field: "Email", message: "'Email' is not a valid email address."))
        }
        if let externalId = user["ExternalId"]?.stringValue, externalId.count > Self.maxExternalIdLength {
            errors.append(
                FieldError(
                    code: "Length", field: "ExternalId",
                    message: "'ExternalId' must be between 0 and \(Self.maxExternalIdLength) characters. You entered \(externalId.count) characters."
                )
            )
        }
        for key in ["Folders", "Groups"] {
            if let list = user[key], list.arrayValue?.allSatisfy({ $0.objectValue?["Id"]?.stringValue.map(UUIDText.isValid) == true }) != true {
                errors.append(FieldError(code: "InvalidType", field: key, message: "'\(key)' must be a list of {\"Id\": GUID}."))
            }
        }
        let id = user["Id"]?.stringValue
        if creating, let id, id != "00000000-0000-0000-0000-000000000000" {
            errors.append(FieldError(code: "NotAllowed", field: "Id", message: "'Id' must be empty when creating a user; use PUT to update."))
        }
        if !creating, id.map(UUIDText.isValid) != true {
            errors.append(FieldError(code: "NotEmpty", field: "Id", message: "'Id' of the user to update is required."))
        }
        if let first = errors.first {
            return Self.failure(first.code, first.message, errors: errors)
        }
        var stored = user
        stored["Id"] = nil
        stored["Status"] = nil
        let outcome: Result<(String, String), FormsOnFireStore.Refusal>
        if creating {
            outcome = switch (store.create(stored), behaviour.current.formsOnFireDuplicateCreate) {
            case (.failure(.duplicateEmail(_, let existingId)), .upsert), (.failure(.duplicateExternalId(_, let existingId)), .upsert):
                store.update(id: existingId, with: stored).map { (existingId, $0) }
            case (let created, _):
                created.map { ($0, "Invited") }
            }
        } else if let id {
            outcome = store.update(id: id.lowercased(), with: stored).map { (id.lowercased(), $0) }
        } else {
            return Self.failure("NotEmpty", "'Id' of the user to update is required.")
        }
        // A tenant may word its duplicates differently; the field names still tell which one.
        let duplicateCode = behaviour.current.formsOnFireDuplicateCode
        switch outcome {
        case .success(let (userId, status)):
            counters.record(creating ? .create : .update, vendor: .formsOnFire)
            return SimulatorResponse.json(.ok, ["SUser": ["Id": .string(userId), "Status": .string(status)]])
        case .failure(.duplicateEmail(let email, let existingId)):
            if creating { counters.record(.duplicateCreate, vendor: .formsOnFire) }
            let code = duplicateCode.isEmpty ? "DuplicateEmail" : duplicateCode
            return Self.failure(
                code, "A user with email \(email) already exists (Id \(existingId)).",
                errors: [FieldError(code: code, field: "Email", message: "Email \(email) is already in use.")]
            )
        case .failure(.duplicateExternalId(let externalId, let existingId)):
            if creating { counters.record(.duplicateCreate, vendor: .formsOnFire) }
            let code = duplicateCode.isEmpty ? "DuplicateExternalId" : duplicateCode
            return Self.failure(
                code, "A user with ExternalId \(externalId) already exists (Id \(existingId)).",
                errors: [FieldError(code: code, field: "ExternalId", message: "ExternalId \(externalId) is already in use.")]
            )
        case .failure(.notFound(let missing)):
            return Self.failure("NotFound", "User \(missing) does not exist.")
        }
    }

    func delete(_ request: Request) async throws -> Response {
        // DELETE carries {IntegrationKey, ProviderId, Id} in the body, the query string, or
        // either: the seed shows a body, which many servers in front of ServiceStack drop.
        let parameters = behaviour.current.formsOnFireDeleteParameters
        var fields: [String: JSONValue] = [:]
        for name in ["IntegrationKey", "ProviderId", "Id"] where parameters != .body {
            if let value = request.query(name) { fields[name] = .string(value) }
        }
        if parameters != .query, request.headers[.contentType] != nil {
            switch try await objectBody(request) {
            case .failure(let failure): return failure.response
            case .success(let body): fields.merge(body) { _, body in body }
            }
        }
        guard validCredentials(providerId: fields["ProviderId"], integrationKey: fields["IntegrationKey"]?.stringValue) else {
            return Self.unauthorized
        }
        guard let id = fields["Id"]?.stringValue, UUIDText.isValid(id) else {
            return Self.failure("NotEmpty", "'Id' of the user to delete is required.")
        }
        guard store.delete(id: id.lowercased()) else { return Self.failure("NotFound", "User \(id) does not exist.") }
        counters.record(.delete, vendor: .formsOnFire)
        if behaviour.current.formsOnFireDeleteAnswer == .empty { return SimulatorResponse.empty(.ok) }
        return SimulatorResponse.json(.ok, ["SUser": ["Id": .string(id), "Status": "Deleted"]])
    }

    func lookup(_ request: Request) -> Response {
        let providerId = request.query("ProviderId").map(JSONValue.string)
        guard validCredentials(providerId: providerId, integrationKey: request.query("IntegrationKey")) else {
            return Self.unauthorized
        }
        let found = store.find(email: request.query("email"), externalId: request.query("externalId"))
        if behaviour.current.formsOnFireLookupShape == .array { return SimulatorResponse.json(.ok, .array(found.map(JSONValue.object))) }
        return SimulatorResponse.json(.ok, ["SUsers": .array(found.map(JSONValue.object))])
    }
}
