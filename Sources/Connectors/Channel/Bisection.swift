import DirBridgeCore

/// The answer of a batch endpoint without per-user results.
enum BatchAnswer: Sendable {
    /// The batch was answered: one outcome per action.
    case outcomes([ActionOutcome])
    /// The vendor refused the whole batch (a 4xx, or a 5xx that may stand for a conflict). No
    /// document says such a batch is atomic: some users may have been applied before the refusal.
    case refused(String, status: Int)
}

/// What a lookup after a refusal settled for one create.
enum RefusalLookup {
    case settled(ActionOutcome)
    /// Not at the vendor (or the vendor has no lookup and answers a repeated create itself).
    case absent
}

extension CoreBackedConnector {
    /// Sends `actions` as one batch; when the vendor refuses a batch of several users as a whole,
    /// first looks up its creates (the vendor may have stored the users before the one it refused:
    /// those are reported as existing, never resent), then splits the rest in halves and sends
    /// those, until the refused users stand alone — so one bad user is rejected by name instead of
    /// taking the other 49 down with it, and nobody is created twice.
    func sendIsolating(
        _ actions: [SyncAction], _ send: @Sendable ([SyncAction]) async -> BatchAnswer
    ) async -> [ActionOutcome] {
        guard !actions.isEmpty else { return [] }
        switch await send(actions) {
        case .outcomes(let outcomes):
            return outcomes
        case .refused(let reason, let status) where actions.count == 1:
            let action = actions[0]
            guard action.kind == .create else {
                return [status >= 500 ? action.failed(reason) : action.rejected(reason)]
            }
            let plain = status >= 500 ? action.failed(reason) : action.rejected(reason)
            return [await settleRefusedCreate(action, refusal: reason, whenAbsent: plain)]
        case .refused(let reason, _):
            var outcomes: [ActionOutcome] = []
            var remaining: [SyncAction] = []
            for action in actions {
                guard action.kind == .create else {
                    remaining.append(action)
                    continue
                }
                switch await lookupAfterRefusal(action, refusal: reason) {
                case .settled(let outcome): outcomes.append(outcome)
                case .absent: remaining.append(action)
                }
            }
            guard remaining.count > 1 else { return outcomes + (await sendIsolating(remaining, send)) }
            let middle = remaining.count / 2
            return outcomes + (await sendIsolating(Array(remaining[..<middle]), send))
                + (await sendIsolating(Array(remaining[middle...]), send))
        }
    }

    /// A create the vendor refused may still exist there (a duplicate answered 400, 409 or 500, a
    /// batch applied up to the user it refused): it is looked up before anything is concluded.
    func settleRefusedCreate(_ action: SyncAction, refusal: String, whenAbsent plain: ActionOutcome) async -> ActionOutcome {
        switch await lookupAfterRefusal(action, refusal: refusal) {
        case .settled(let outcome): outcome
        case .absent: plain
        }
    }

    private func lookupAfterRefusal(_ action: SyncAction, refusal: String) async -> RefusalLookup {
        do {
            switch try await lookup(naturalKeyOf: action.payload) {
            case .found(let id):
                return .settled(action.exists(vendorId: id, "\(refusal); the vendor holds an account with this user's key"))
            case .notFound, .unsupported:
                return .absent
            }
        } catch {
            return .settled(action.unknown("\(refusal); looking the user up afterwards failed: \(error.message)"))
        }
    }
}
