import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// Expoints external API v3: `POST {base}/external/api/v3/user` adds users, `PUT` the same path
/// updates them; bearer token.
///
/// The API answers a batch as a whole (200 or 400) with no per-user results, so a refused batch
/// is isolated (its adds looked up, the rest bisected) until the refused users stand alone; an
/// add refused because the name exists is reported as existing, for the dispatcher to adopt.
/// The vendor id is the user name. No disable or delete endpoint is documented: settings
/// validation only allows deprovision `ignore`, and the diff plans no disable under it.
/// A pending record is resolved by `GET {base}/external/api/v3/user?name=`.
final class ExpointsConnector: CoreBackedConnector {
    let core: ConnectorCore
    private let options: ExpointsSettings

    init(core: ConnectorCore, options: ExpointsSettings) {
        self.core = core
        self.options = options
    }

    var maxBatchSize: Int { core.settings.batchSize ?? 50 }
    var matchField: String? { options.usernameField }

    func open() async throws(ConnectorError) {}

    func close() async {}

    func checkAccess() async throws(ConnectorError) -> AccessCheck {
        try await verifyAccess(channel.request(.get, options.rolePath, headers: authorization))
    }

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        guard let username = payload.text(options.usernameField) else {
            throw channel.error(.invalidSettings, "lookup", "the payload has no \(options.usernameField)")
        }
        let operation = "lookup of \(username)"
        let request = channel.request(.get, options.userPath, query: [("name", username)], headers: authorization)
        let response = try await channel.send(request, safety: .idempotent) { Self.foundUsers($0.body) != nil }.orThrow(channel, operation)
        if channel.isVendorNotFound(response) { return .notFound }
        // A tenant may lack GET on the resource (as it may lack PUT): no lookup, then. An add of a
        // name it holds is refused as existing, so a create whose answer was lost is safe to send again.
        if response.status == 405 { return .unsupported }
        guard (200..<300).contains(response.status) else {
            throw channel.error(.unexpectedResponse, operation, channel.summary(response), status: response.status)
        }
        guard let users = Self.foundUsers(response.body) else {
            throw channel.error(.unexpectedResponse, operation, "neither a user nor a list of users: \(channel.summary(response))",
                                status: response.status)
        }
        guard let user = users.first(where: { $0.Username?.lowercased() == username.lowercased() }) else {
            return .notFound
        }
        return .found(vendorId: user.Username ?? username)
    }

    /// The answer's shape is not documented: one user or a list of them. Any other object (an
    /// envelope, an error) is no answer: read as "nobody", it would let a create be sent again.
    private static func foundUsers(_ body: Data) -> [FoundUser]? {
        if let users = JSON.decode([FoundUser].self, from: body, keys: .pascalCase) { return users }
        guard let user = JSON.decode(FoundUser.self, from: body, keys: .pascalCase), user.Username != nil else { return nil }
        return [user]
    }

    func listAccounts() async throws(ConnectorError) -> [UnmanagedAccount]? {
        let request = channel.request(.get, options.userPath, headers: authorization)
        let response = try await channel.send(request, safety: .idempotent) {
            JSON.decode([FoundUser].self, from: $0.body, keys: .pascalCase) != nil
        }.orThrow(channel, "list users")
        guard (200..<300).contains(response.status), let users = JSON.decode([FoundUser].self, from: response.body, keys: .pascalCase) else {
            throw channel.error(.unexpectedResponse, "list users", channel.summary(response), status: response.status)
        }
        return users.compactMap { user in user.Username.map { UnmanagedAccount(vendorId: $0, key: $0) } }
    }

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        var outcomes: [ActionOutcome] = []
        var creates: [SyncAction] = []
        var updates: [SyncAction] = []
        for action in batch {
            if action.kind == .create {
                creates.append(action)
            } else if let rename = renamedUsername(action) {
                outcomes.append(action.rejected(field: options.usernameField, rename))
            } else {
                updates.append(action)
            }
        }
        outcomes += await sendIsolating(creates) { await self.send($0, method: .post, safety: .nonIdempotent) }
        outcomes += await sendIsolating(updates) { await self.send($0, method: .put, safety: .idempotent) }
        return outcomes
    }

    /// Expoints addresses users by Username and documents no rename: a PUT with the new name
    /// would fail as "do not exist", and a POST would create a second account. Say so plainly.
    private func renamedUsername(_ action: SyncAction) -> String? {
        guard let stored = action.vendorId, let mapped = action.payload.text(options.usernameField),
              stored.lowercased() != mapped.lowercased() else { return nil }
        return "Expoints cannot rename a user: it holds '\(stored)', the directory now maps '\(mapped)'. "
            + "Rename the user in Expoints or map a stable Username; dirbridge retries on every run."
    }

    private var authorization: HTTPHeaders { ["Authorization": "Bearer \(options.token.revealed)"] }

    /// One add or update request. The documented success answer is a bare 200 (no body, or the
    /// JSON/XML the API speaks); a web page with 200 came from something in front of the vendor.
    private func send(_ actions: [SyncAction], method: HTTPMethod, safety: RequestSafety) async -> BatchAnswer {
        let body = FieldValue.list(actions.map { $0.payload.object() })
        switch await channel.send(channel.request(method, options.userPath, body: body, headers: authorization),
                                  safety: safety) {
        case .failure(let failure):
            return .outcomes(actions.map { $0.outcome(of: failure) })
        case .success(let response) where (200..<300).contains(response.status) && channel.isWebPage(response):
            let detail = "HTTP \(response.status) with a web page instead of the vendor's answer"
            return .outcomes(actions.map { $0.unproven(detail) })
        case .success(let response) where (200..<300).contains(response.status):
            return .outcomes(actions.map { $0.applied(vendorId: $0.payload.text(options.usernameField) ?? $0.vendorId) })
        case .success(let response) where response.status == 404 && method == .post:
            return .outcomes(actions.map { core.routeMissing(response, for: $0) })
        case .success(let response) where [400, 409, 422, 500].contains(response.status):
            return .refused(channel.summary(response), status: response.status)
        case .success(let response):
            return .outcomes(actions.map { core.outcome(ofRefusal: response, for: $0) })
        }
    }

    private struct FoundUser: Decodable {
        var Username: String?
    }
}
