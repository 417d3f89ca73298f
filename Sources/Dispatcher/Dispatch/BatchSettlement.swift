import Connectors
import DirBridgeCore
import SnapshotStore

/// The pure translation of one batch's connector outcomes into store outcomes and report entries.
struct BatchSettlement: Sendable {
    struct Entry: Sendable {
        var action: SyncAction
        var result: DispatchResult
        /// What the connector answered, which decides the follow-up within the run.
        var outcome: ActionOutcome.Result
        /// `nil` for an applied action.
        var issue: UserIssue?

        /// Not settled yet: a follow-up round may still learn or change the outcome.
        var needsFollowUp: Bool {
            switch outcome {
            case .unknown, .exists, .failed: true
            case .applied, .rejected, .targetRefused: false
            }
        }
    }

    /// What to write, in one transaction. Unknown outcomes write nothing: the pending mark stays.
    var storeOutcomes: [SnapshotOutcome] = []
    var entries: [Entry] = []
    /// Set when the vendor refused the target itself: nothing more is sent there this run.
    var targetRefusal: String?
    private let secretFields: Set<String>

    /// - Parameters:
    ///   - deletesOnDisable: the target's deprovision policy removes the user, so an applied
    ///     disable clears the stored vendor id.
    ///   - secretFields: payload fields stored only as digests.
    init(batch: [SyncAction], outcomes: [ActionOutcome], deletesOnDisable: Bool, secretFields: Set<String> = []) {
        self.secretFields = secretFields
        var resultByAnchor: [Anchor: ActionOutcome.Result] = [:]
        resultByAnchor.reserveCapacity(outcomes.count)
        for outcome in outcomes where resultByAnchor[outcome.anchor] == nil {
            resultByAnchor[outcome.anchor] = outcome.result
        }
        storeOutcomes.reserveCapacity(batch.count)
        entries.reserveCapacity(batch.count)
        for action in batch {
            // A connector must answer for every action; a missing answer may hide a send.
            let result =
                resultByAnchor[action.anchor]
                ?? .unknown(reason: "\(action.kind) of \(action.dn): the connector returned no outcome")
            append(action, result, deletesOnDisable: deletesOnDisable)
        }
    }

    private mutating func append(_ action: SyncAction, _ result: ActionOutcome.Result, deletesOnDisable: Bool) {
        func entry(_ dispatchResult: DispatchResult, field: String? = nil, _ message: String?) -> Entry {
            Entry(
                action: action, result: dispatchResult, outcome: result,
                issue: message.map { UserIssue(anchor: action.anchor, dn: action.dn, action: action.kind, field: field, message: $0) })
        }
        switch result {
        case .applied(let vendorId):
            let update: VendorIdUpdate =
                if action.kind == .disable && deletesOnDisable { .clear } else { vendorId.map { .set($0) } ?? .keep }
            storeOutcomes.append(.succeeded(action.sealingSecrets(secretFields), vendorId: update))
            entries.append(entry(.applied, nil))
        case .rejected(let field, let reason):
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(entry(.rejected, field: field, reason))
        case .failed(let reason):
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(entry(.failed, reason))
        case .targetRefused(let reason):
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(entry(.failed, "\(action.kind) of \(action.dn): not sent: \(reason)"))
            targetRefusal = targetRefusal ?? reason
        case .unknown(let reason), .exists(_, let reason):
            // The pending mark stays until a lookup (or the adoption of the existing account) settles it.
            entries.append(entry(.unknown, reason))
        }
    }
}

extension SyncAction {
    /// The action as the store keeps it: secret fields as digests (see `TargetPayload.sealing`).
    func sealingSecrets(_ secretFields: Set<String>) -> SyncAction {
        guard !secretFields.isEmpty else { return self }
        var sealed = self
        sealed.payload = payload.sealing(secretFields)
        return sealed
    }
}
