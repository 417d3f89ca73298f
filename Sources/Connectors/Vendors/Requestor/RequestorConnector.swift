import DirBridgeCore
import Foundation
import HTTPTransport
import Logging

/// Requestor service desk: `POST {base}/api/Import/SyncRequestorUsers`, up to 100 users per
/// request, one result per user.
///
/// - Each item is `{UserProviderKey?, ExternalId, Email, Operations}`. A create has no key and
///   `add` (0) operations; an update or re-import carries the stored key and `replace` (2)
///   operations for the full managed field set — the API clears any optional field left out.
/// - A create answered with `UserProviderKeyConflict` is adopted: the same user is sent again as
///   an update of the conflicting key, and that key is stored. A second user is never created.
/// - There is no lookup endpoint: a pending create is resolved by sending it again, which either
///   creates the user (the first attempt never arrived) or comes back as a conflict and is adopted.
/// - Disable sets ``RequestorSettings/accessField`` to its disabled value in a full update; delete is
///   `POST {base}/api/Account/DeleteRequestorUser {UserProviderKey, Force}`.
final class RequestorConnector: CoreBackedConnector {
    static let documentedBatchLimit = 100

    enum Operation: Int {
        case add = 0
        case replace = 2
    }

    let core: ConnectorCore
    private let options: RequestorSettings

    init(core: ConnectorCore, options: RequestorSettings) {
        self.core = core
        self.options = options
    }

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
            switch (action.kind, core.settings.deprovision) {
            case (.disable, .ignore): outcomes.append(core.ignoredDisable(action))
            case (.disable, .delete): deletes.append(action)
            case (.disable, .disable) where action.vendorId == nil:
                outcomes.append(action.failed("no stored UserProviderKey: the user cannot be addressed"))
            default: syncs.append(action)
            }
        }
        for chunk in chunked(syncs, size: maxBatchSize) {
            outcomes += await sync(chunk)
        }
        outcomes += await concurrentMap(deletes, limit: concurrency) { await self.delete($0) }
        return outcomes
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

    /// The key an item is sent with: creates have none unless a conflict is being adopted.
    private func key(of action: SyncAction, adopting adopted: [Anchor: String]) -> String? {
        adopted[action.anchor] ?? (action.kind == .create ? nil : action.vendorId)
    }

    func item(for action: SyncAction, key: String?) -> FieldValue {
        var fields = action.payload.fields
        let externalId = fields.removeValue(forKey: options.externalIdField)
        let email = fields.removeValue(forKey: options.emailField)
        if core.settings.deprovision == .disable {
            let access = options.accessField
            fields[access.name] = action.kind == .disable ? access.disabledValue : access.activeValue
        }
        let operation: Operation = key == nil ? .add : .replace
        let operations = fields.keys.sorted().map { name in
            FieldValue.object([
                "Operation": .int(operation.rawValue), "Path": .string("/\(name)"), "Value": fields[name] ?? .null,
            ])
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
        }

        var RequestorUsers: [UserResult]?
    }

    private func sync(_ actions: [SyncAction], adopting adopted: [Anchor: String] = [:]) async -> [ActionOutcome] {
        let keys = actions.map { key(of: $0, adopting: adopted) }
        let items = zip(actions, keys).map { item(for: $0, key: $1) }
        let request = channel.request(.post, options.syncPath, body: .list(items), headers: authorization)
        let response: HTTPResponse
        switch await channel.send(request, safety: keys.contains(nil) ? .nonIdempotent : .idempotent) {
        case .failure(let failure): return actions.map { $0.outcome(of: failure) }
        case .success(let answer): response = answer
        }
        guard response.status == 200 else {
            if response.status == 400 { return actions.map { $0.rejected("the whole batch was refused: \(channel.summary(response))") } }
            return actions.map { core.outcome(ofRefusal: response, for: $0) }
        }
        guard let results = JSON.decode(SyncAnswer.self, from: response.body)?.RequestorUsers else {
            return actions.map { unanswered($0, keys: adopted, "HTTP 200 without a RequestorUsers list") }
        }
        var outcomes: [ActionOutcome] = []
        var toAdopt: [Anchor: String] = [:]
        for (index, action) in actions.enumerated() {
            guard let result = match(action, index: index, key: keys[index], in: results, batchSize: actions.count) else {
                outcomes.append(unanswered(action, keys: adopted, "no result for this user in the answer"))
                continue
            }
            if result.Success == true {
                outcomes.append(action.applied(vendorId: result.UserProviderKey ?? keys[index]))
            } else if let conflict = result.UserProviderKeyConflict, !conflict.isEmpty, keys[index] == nil {
                toAdopt[action.anchor] = conflict
            } else {
                let message = result.ErrorMessage.map(channel.redact) ?? "refused without a message"
                outcomes.append(action.rejected(message))
            }
        }
        if !toAdopt.isEmpty {
            channel.logger.notice("Adopting existing Requestor users", metadata: ["count": "\(toAdopt.count)"])
            outcomes += await sync(actions.filter { toAdopt[$0.anchor] != nil }, adopting: toAdopt)
        }
        return outcomes
    }

    /// The result for `action`: same position when the answer has one result per item, otherwise
    /// by key or external id.
    private func match(
        _ action: SyncAction, index: Int, key: String?, in results: [SyncAnswer.UserResult], batchSize: Int
    ) -> SyncAnswer.UserResult? {
        if results.count == batchSize { return results[index] }
        if let key, let byKey = results.first(where: { $0.UserProviderKey == key }) { return byKey }
        guard let externalId = action.payload.text(options.externalIdField)?.lowercased() else { return nil }
        return results.first { $0.ExternalId?.lowercased() == externalId }
    }

    private func unanswered(_ action: SyncAction, keys adopted: [Anchor: String], _ detail: String) -> ActionOutcome {
        key(of: action, adopting: adopted) == nil ? action.unknown(detail) : action.failed(detail)
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
        case .success(let response) where (200..<300).contains(response.status) || response.status == 404:
            return action.applied(vendorId: key)
        case .success(let response): return core.outcome(ofRefusal: response, for: action)
        }
    }
}
