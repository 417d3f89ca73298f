import DirBridgeCore

/// The answer of a batch endpoint without per-user results.
enum BatchAnswer: Sendable {
    /// The batch was answered: one outcome per action.
    case outcomes([ActionOutcome])
    /// The vendor refused the whole batch as invalid (a 400-class answer): nothing was applied.
    case refused(String)
}

/// Sends `actions` as one batch; when the vendor refuses a batch of several users as a whole,
/// splits it in halves and sends those, until the refused users stand alone — so one bad user
/// is rejected by name instead of taking the other 49 down with it. Costs at most 2n − 1 requests.
func sendBisecting(
    _ actions: [SyncAction], _ send: @Sendable ([SyncAction]) async -> BatchAnswer
) async -> [ActionOutcome] {
    guard !actions.isEmpty else { return [] }
    switch await send(actions) {
    case .outcomes(let outcomes):
        return outcomes
    case .refused(let reason) where actions.count == 1:
        return [actions[0].rejected(reason)]
    case .refused:
        let middle = actions.count / 2
        return await sendBisecting(Array(actions[..<middle]), send) + sendBisecting(Array(actions[middle...]), send)
    }
}
