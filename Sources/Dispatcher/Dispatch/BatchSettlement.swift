import Connectors
import DirBridgeCore
import SnapshotStore

/// The pure translation of one batch's connector outcomes into store outcomes and report entries.
struct BatchSettlement: Sendable {
    struct Entry: Sendable {
        var action: SyncAction
        var result: DispatchResult
        /// `nil` for an applied action.
        var issue: UserIssue?
    }

    /// What to write, in one transaction. Unknown outcomes write nothing: the pending mark stays.
    var storeOutcomes: [SnapshotOutcome] = []
    var entries: [Entry] = []

    /// - Parameter deletesOnDisable: the target's deprovision policy removes the user, so an applied
    ///   disable clears the stored vendor id.
    init(batch: [SyncAction], outcomes: [ActionOutcome], deletesOnDisable: Bool) {
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
        func issue(field: String?, _ message: String) -> UserIssue {
            UserIssue(anchor: action.anchor, dn: action.dn, action: action.kind, field: field, message: message)
        }
        switch result {
        case .applied(let vendorId):
            let update: VendorIdUpdate =
                if action.kind == .disable && deletesOnDisable { .clear } else { vendorId.map { .set($0) } ?? .keep }
            storeOutcomes.append(.succeeded(action, vendorId: update))
            entries.append(Entry(action: action, result: .applied, issue: nil))
        case .rejected(let field, let reason):
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(Entry(action: action, result: .rejected, issue: issue(field: field, reason)))
        case .failed(let reason):
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(Entry(action: action, result: .failed, issue: issue(field: nil, reason)))
        case .skipped(let reason):
            // Nothing was sent: the last applied state stands, and the record must not stay pending.
            storeOutcomes.append(.failed(action, error: reason))
            entries.append(Entry(action: action, result: .skipped, issue: issue(field: nil, reason)))
        case .unknown(let reason):
            entries.append(Entry(action: action, result: .unknown, issue: issue(field: nil, reason)))
        }
    }
}
