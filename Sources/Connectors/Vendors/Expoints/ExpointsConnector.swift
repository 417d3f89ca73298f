import DirBridgeCore
import HTTPTransport
import Logging

/// Expoints external API v3: `POST {base}/external/api/v3/user` adds users, `PUT` the same path
/// updates them; bearer token.
///
/// The API answers a batch as a whole (200 or 400) with no per-user results, so a refused batch
/// is bisected until the refused users stand alone; a lone add refused because the name exists
/// is adopted (looked up, then sent as an update). The vendor id is the user name. No disable
/// or delete endpoint is documented: settings validation only allows deprovision `ignore`.
/// A pending record is resolved by `GET {base}/external/api/v3/user?name=`.
final class ExpointsConnector: CoreBackedConnector {
    let core: ConnectorCore
    private let options: ExpointsSettings

    init(core: ConnectorCore, options: ExpointsSettings) {
        self.core = core
        self.options = options
    }

    var maxBatchSize: Int { core.settings.batchSize ?? 50 }

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
        let response = try await channel.send(request, safety: .idempotent).orThrow(channel, operation)
        if response.status == 404 { return .notFound }
        guard (200..<300).contains(response.status) else {
            throw channel.error(.unexpectedResponse, operation, channel.summary(response), status: response.status)
        }
        // The answer's shape is not documented: accept one user or a list of them.
        let users = JSON.decode([FoundUser].self, from: response.body)
            ?? JSON.decode(FoundUser.self, from: response.body).map { [$0] } ?? []
        guard let user = users.first(where: { $0.Username?.lowercased() == username.lowercased() }) else {
            return .notFound
        }
        return .found(vendorId: user.Username ?? username)
    }

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        var outcomes = batch.filter { $0.kind == .disable }.map(core.ignoredDisable)
        let creates = batch.filter { $0.kind == .create }
        var updates: [SyncAction] = []
        for action in batch where action.kind == .update || action.kind == .reimport {
            if let rename = renamedUsername(action) {
                outcomes.append(action.rejected(field: options.usernameField, rename))
            } else {
                updates.append(action)
            }
        }
        for chunk in chunked(creates, size: maxBatchSize) {
            outcomes += await sendBisecting(chunk) { await self.send($0, method: .post, safety: .nonIdempotent) }
        }
        for chunk in chunked(updates, size: maxBatchSize) {
            outcomes += await sendBisecting(chunk) { await self.send($0, method: .put, safety: .idempotent) }
        }
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

    private func send(_ actions: [SyncAction], method: HTTPMethod, safety: RequestSafety) async -> BatchAnswer {
        let body = FieldValue.list(actions.map { $0.payload.object() })
        switch await channel.send(channel.request(method, options.userPath, body: body, headers: authorization),
                                  safety: safety) {
        case .failure(let failure):
            return .outcomes(actions.map { $0.outcome(of: failure) })
        case .success(let response) where (200..<300).contains(response.status):
            return .outcomes(actions.map { $0.applied(vendorId: $0.payload.text(options.usernameField) ?? $0.vendorId) })
        case .success(let response) where response.status == 400:
            if actions.count == 1, method == .post, let adopted = await adopt(actions[0]) { return .outcomes([adopted]) }
            return .refused(channel.summary(response))
        case .success(let response):
            return .outcomes(actions.map { core.outcome(ofRefusal: response, for: $0) })
        }
    }

    /// A lone add refused because the user name exists already: update that user instead
    /// (the directory is the source of truth). Nil when the user does not exist: a real refusal.
    private func adopt(_ action: SyncAction) async -> ActionOutcome? {
        guard case .found = try? await lookup(naturalKeyOf: action.payload) else { return nil }
        channel.logger.notice("Adopting existing Expoints user", metadata: ["dn": "\(action.dn)"])
        guard case .outcomes(let outcomes) = await send([action], method: .put, safety: .idempotent) else {
            return nil
        }
        return outcomes.first
    }

    private struct FoundUser: Decodable {
        var Username: String?
    }
}
