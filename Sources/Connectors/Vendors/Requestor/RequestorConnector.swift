import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// Requestor service desk: `POST {base}/api/Import/SyncRequestorUsers`, up to 100 users per
/// request, one result per user.
///
/// - Each item is `{UserProviderKey?, ExternalId, Email, Operations}`: `add` (0) operations, as
///   in the seed's sample, for the full managed field set — the API clears any optional field
///   left out. An update or re-import also carries the stored key. Not `replace` (2): JSON Patch
///   refuses it for a property the user does not hold (one cleared to its default, or every one
///   where the patch is applied to an empty user), while `add` sets a property either way.
/// - A create answered with `UserProviderKeyConflict` is reported as existing under that key; the
///   dispatcher adopts it (an update of that key) unless another directory user owns it.
/// - There is no lookup endpoint: a create with an unknown outcome is resolved by sending it
///   again, which either creates the user or comes back as that conflict. Results are matched
///   to users by key, ExternalId or Username, never by position (the order is not documented).
/// - Disable sets ``RequestorSettings/accessField`` to its disabled value in a full update; delete is
///   `POST {base}/api/Account/DeleteRequestorUser {UserProviderKey, Force}`.
final class RequestorConnector: CoreBackedConnector {
    static let documentedBatchLimit = 100
    /// JSON Patch `add` in the JsonPatch library's numbering (vendors.md).
    static let addOperation = 0

    let core: ConnectorCore
    private let options: RequestorSettings

    init(core: ConnectorCore, options: RequestorSettings) {
        self.core = core
        self.options = options
    }

    var matchField: String? { nil }
    var maxBatchSize: Int { min(core.settings.batchSize ?? Self.documentedBatchLimit, Self.documentedBatchLimit) }

    func open() async throws(ConnectorError) {}

    func close() async {}

    func lookup(naturalKeyOf payload: TargetPayload) async throws(ConnectorError) -> LookupResult {
        .unsupported
    }

    func checkAccess() async throws(ConnectorError) -> AccessCheck {
        // An empty list imports nobody; 400 still means the credentials passed.
        try await verifyAccess(channel.request(.post, options.syncPath, body: .list([]), headers: authorization),
                               accepting: [400])
    }

    func apply(_ batch: [SyncAction]) async -> [ActionOutcome] {
        var outcomes: [ActionOutcome] = []
        var syncs: [SyncAction] = []
        var deletes: [SyncAction] = []
        for action in batch {
            switch action.kind {
            case .disable where action.vendorId == nil:
                outcomes.append(action.failed("no stored UserProviderKey: the user cannot be addressed"))
            case .disable where core.settings.deprovision == .delete:
                deletes.append(action)
            default:
                syncs.append(action)
            }
        }
        // Creates apart from updates: a request carrying no create is safe to repeat, so the
        // transport retries it on a 503 or a lost connection instead of leaving it unknown.
        outcomes += await sendIsolating(syncs.filter { $0.kind == .create }) { await self.sync($0) }
        outcomes += await sendIsolating(syncs.filter { $0.kind != .create }) { await self.sync($0) }
        outcomes = await recreatingVanished(outcomes, of: syncs)
        outcomes += await concurrentMap(deletes, limit: concurrency) { await self.delete($0) }
        return outcomes
    }

    /// Requestor has no lookup, and an update of a user deleted at the vendor is refused like any
    /// other bad update. Each refused update is therefore sent once more as a create: if the user
    /// is gone he is created again (drift repaired), and if he is still there Requestor answers
    /// with his key as a conflict, which proves the refusal was about the data, and it stands.
    private func recreatingVanished(_ outcomes: [ActionOutcome], of sent: [SyncAction]) async -> [ActionOutcome] {
        let actions = Dictionary(sent.map { ($0.anchor, $0) }, uniquingKeysWith: { first, _ in first })
        var refused: [Anchor: ActionOutcome] = [:]
        for outcome in outcomes {
            guard case .rejected = outcome.result, let action = actions[outcome.anchor],
                  action.kind == .update || action.kind == .reimport, action.vendorId != nil else { continue }
            refused[outcome.anchor] = outcome
        }
        guard !refused.isEmpty else { return outcomes }
        let probes = sent.filter { refused[$0.anchor] != nil }.map(\.asCreate)
        var settled: [Anchor: ActionOutcome] = [:]
        for outcome in await sendIsolating(probes, { await self.sync($0) }) {
            guard let original = refused[outcome.anchor], let action = actions[outcome.anchor] else { continue }
            switch outcome.result {
            case .applied:
                channel.logger.notice("Requestor no longer held the user: created again", metadata: ["dn": "\(action.dn)"])
                settled[outcome.anchor] = outcome
            default:
                // Still there (its conflict names an account), or refused again: the refusal stands.
                // A conflict with another key is never taken over here: the user's own account may
                // still exist, and must not be left behind with access.
                settled[outcome.anchor] = original
            }
        }
        return outcomes.map { settled[$0.anchor] ?? $0 }
    }

    private var authorization: HTTPHeaders {
        switch options.auth {
        case .basic(let username, let password):
            ["Authorization": "Basic " + Data("\(username):\(password.revealed)".utf8).base64EncodedString()]
        case .bearer(let token):
            ["Authorization": "Bearer \(token.revealed)"]
        }
    }

    // MARK: - Items

    func item(for action: SyncAction) -> FieldValue {
        let key = action.kind == .create ? nil : action.vendorId
        var fields = action.payload.fields
        let externalId = fields.removeValue(forKey: options.externalIdField)
        let email = fields.removeValue(forKey: options.emailField)
        let access = options.accessField
        if core.settings.deprovision == .disable, action.kind == .disable || !access.activeIsDefault {
            // The property's name is a guess: a disabled-flag is sent only to disable, since every
            // update resets an omitted property to its default (not disabled) anyway. So creates and
            // updates work even on a tenant where the guess is wrong.
            fields[access.name] = action.kind == .disable ? access.disabledValue : access.activeValue
        }
        let operations = fields.keys.sorted().map { name in
            FieldValue.object(["Operation": .int(Self.addOperation), "Path": .string("/\(name)"), "Value": fields[name] ?? .null])
        }
        var item: [String: FieldValue] = [
            "ExternalId": externalId ?? .null, "Email": email ?? .null, "Operations": .list(operations),
        ]
        if let key { item["UserProviderKey"] = .string(key) }
        return .object(item)
    }

    // MARK: - Sync

    private struct SyncAnswer: Decodable {
        struct UserResult: Decodable {
            var Username: String?
            var Success: Bool?
            var ErrorMessage: String?
            var UserProviderKey: String?
            var UserProviderKeyConflict: String?
            var ExternalId: String?

            /// Two results for one user as one, nil when they disagree: another outcome, or two
            /// different keys (a result without a key takes the other's).
            func merged(with other: UserResult) -> UserResult? {
                /// The value both give (nil when neither does); `.none` when they give different ones.
                func agreeing(_ a: String?, _ b: String?) -> String?? {
                    let values = Set([a, b].compactMap { $0?.isEmpty == false ? $0 : nil })
                    guard Set(values.map { $0.lowercased() }).count <= 1 else { return .none }
                    return .some(values.first)
                }
                guard (Success == true) == (other.Success == true), let key = agreeing(UserProviderKey, other.UserProviderKey),
                      let conflict = agreeing(UserProviderKeyConflict, other.UserProviderKeyConflict) else { return nil }
                var result = self
                result.UserProviderKey = key
                result.UserProviderKeyConflict = conflict
                result.ErrorMessage = ErrorMessage ?? other.ErrorMessage
                return result
            }
        }

        var RequestorUsers: [UserResult]?
    }

    /// One SyncRequestorUsers request. The seed promises one result per user but not their order,
    /// so each result is matched to the user it names (``RequestorResultMatcher``); a user without
    /// exactly one result is not proven applied.
    private func sync(_ actions: [SyncAction]) async -> BatchAnswer {
        let creates = actions.contains { $0.kind == .create }
        let request = channel.request(.post, options.syncPath, body: .list(actions.map(item)), headers: authorization)
        let response: HTTPResponse
        let readable: @Sendable (HTTPResponse) -> Bool = { JSON.decode(SyncAnswer.self, from: $0.body, keys: .pascalCase)?.RequestorUsers != nil }
        switch await channel.send(request, safety: creates ? .nonIdempotent : .idempotent, readable: readable) {
        case .failure(let failure): return .outcomes(actions.map { $0.outcome(of: failure) })
        case .success(let answer): response = answer
        }
        switch response.status {
        case 200..<300:
            // 200 is documented; any 2xx carrying the results list says the same (and one
            // without it proves nothing, below).
            break
        case 404:
            return .outcomes(actions.map { core.routeMissing(response, for: $0) })
        case 400, 500:
            // "If the input is invalid, returns 400": one bad item can refuse the whole batch.
            return .refused(channel.summary(response), status: response.status)
        default:
            return .outcomes(actions.map { core.outcome(ofRefusal: response, for: $0) })
        }
        guard !channel.isWebPage(response), let results = JSON.decode(SyncAnswer.self, from: response.body, keys: .pascalCase)?.RequestorUsers
        else {
            let detail = "HTTP 200 without a RequestorUsers list (\(channel.summary(response)))"
            return .outcomes(actions.map { $0.unproven(detail) })
        }
        let matcher = RequestorResultMatcher(
            actions: actions, externalIdField: options.externalIdField, usernameField: options.usernameField)
        let matched = matcher.match(results.map {
            RequestorResultMatcher.Result(key: $0.UserProviderKey, externalId: $0.ExternalId, username: $0.Username)
        })
        return .outcomes(actions.enumerated().map { index, action in
            guard let first = matched[index].first else {
                return action.unproven("the answer holds no result that names this user")
            }
            // Several records for one user prove something only when they all say the same.
            guard let result = matched[index].dropFirst().reduce(Optional(results[first]), { merged, other in
                merged.flatMap { $0.merged(with: results[other]) }
            }) else {
                return action.unproven("\(matched[index].count) results name this user and disagree")
            }
            if result.Success == true {
                guard let key = nonEmpty(result.UserProviderKey) ?? (action.kind == .create ? nil : action.vendorId) else {
                    return action.unknown("created without a UserProviderKey: the user cannot be addressed")
                }
                return action.applied(vendorId: key)
            }
            if action.kind == .create, let conflict = nonEmpty(result.UserProviderKeyConflict) {
                return action.exists(vendorId: conflict, "Requestor holds this user as \(conflict) (UserProviderKeyConflict)")
            }
            return action.rejected(result.ErrorMessage.map(channel.redact) ?? "refused without a message")
        })
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    // MARK: - Delete

    private func delete(_ action: SyncAction) async -> ActionOutcome {
        guard let key = action.vendorId else {
            return action.failed("no stored UserProviderKey: the user cannot be addressed")
        }
        let body: FieldValue = .object(["UserProviderKey": .string(key), "Force": .bool(options.forceDelete)])
        let request = channel.request(.post, options.deletePath, body: body, headers: authorization)
        switch await channel.send(request, safety: .idempotent) {
        case .failure(let failure): return action.outcome(of: failure)
        case .success(let response) where channel.isVendorNotFound(response):
            // Requestor has no lookup to confirm it: an unknown key is the best proof the user is gone.
            return action.applied(vendorId: key)
        case .success(let response) where response.status == 404:
            return core.notFoundFromElsewhere(response, for: action)
        case .success(let response) where (200..<300).contains(response.status) && !channel.isWebPage(response):
            if let refusal = Self.deleteRefusal(response.body) {
                let hint = options.forceDelete ? "" : " (sent with Force false: options.force_delete sends it with Force true)"
                return action.rejected("Requestor did not delete the user: \(channel.redact(refusal))\(hint)")
            }
            return action.applied(vendorId: key)
        case .success(let response) where (200..<300).contains(response.status):
            return action.failed("HTTP \(response.status) with a web page instead of the vendor's answer; sent again")
        case .success(let response): return core.outcome(ofRefusal: response, for: action)
        }
    }

    /// The delete's answer is not documented. The import's results say `Success` per user, so a
    /// 2xx whose body says `Success: false` (or is a bare `false`) is a refusal, never a deletion:
    /// taking it as one would record a leaver as gone while he keeps his account.
    private static func deleteRefusal(_ body: Data) -> String? {
        if JSON.decode(Bool.self, from: body, keys: .pascalCase) == false { return "the answer is false" }
        guard let answer = JSON.decode(DeleteAnswer.self, from: body, keys: .pascalCase), answer.Success == false else { return nil }
        return answer.ErrorMessage ?? "Success is false"
    }

    private struct DeleteAnswer: Decodable {
        var Success: Bool?
        var ErrorMessage: String?
    }
}
