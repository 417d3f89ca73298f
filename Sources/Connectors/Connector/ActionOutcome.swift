import DirBridgeCore

/// What became of one ``SyncAction`` at the vendor.
package struct ActionOutcome: Sendable, Hashable {
    package var anchor: Anchor
    package var result: Result

    package init(anchor: Anchor, result: Result) {
        self.anchor = anchor
        self.result = result
    }

    /// Reasons name the user (DN) and the field when known, never a secret.
    package enum Result: Sendable, Hashable {
        /// The vendor accepted the change; store `vendorId` (nil: keep the stored one).
        case applied(vendorId: String?)
        /// The vendor refused this user (bad data, conflict it cannot adopt). Not retryable as is.
        case rejected(field: String?, reason: String)
        /// Known not applied (or, for an idempotent request, safe to send again): retry next run.
        case failed(reason: String)
        /// The request may have taken effect (timeout or dropped connection after sending a
        /// create): keep the record pending and resolve it by ``ImportConnector/lookup(naturalKeyOf:)``.
        case unknown(reason: String)
        /// The vendor already holds an account under this user's natural key (its conflict answer
        /// named it, or a lookup after a refusal found it). Nothing was written to that account:
        /// the dispatcher adopts it only if no other anchor owns `vendorId`.
        case exists(vendorId: String, reason: String)
        /// Not applied, and nothing else will be at this target: the vendor refused the target
        /// itself (credentials, an auth source or route that does not exist). Stops the target
        /// with one error instead of one rejection per user.
        case targetRefused(reason: String)
    }
}

extension ActionOutcome.Result {
    /// Why the action was not applied; nil when it was.
    var reason: String? {
        switch self {
        case .applied: nil
        case .rejected(_, let reason), .failed(let reason), .unknown(let reason),
             .exists(_, let reason), .targetRefused(let reason): reason
        }
    }
}

extension SyncAction {
    func applied(vendorId: String?) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .applied(vendorId: vendorId))
    }

    func rejected(field: String? = nil, _ detail: String) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .rejected(field: field, reason: explain(detail, field: field)))
    }

    func failed(_ detail: String) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .failed(reason: explain(detail)))
    }

    func unknown(_ detail: String) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .unknown(reason: explain(detail)))
    }

    func exists(vendorId: String, _ detail: String) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .exists(vendorId: vendorId, reason: explain(detail)))
    }

    func targetRefused(_ detail: String) -> ActionOutcome {
        ActionOutcome(anchor: anchor, result: .targetRefused(reason: detail))
    }

    /// What an answer that is not the vendor's documented success means for this action: a
    /// create may have been applied (unknown, settled by lookup); anything else is not applied
    /// and is safe to send again.
    func unproven(_ detail: String) -> ActionOutcome {
        kind == .create ? unknown(detail) : failed(detail)
    }

    func outcome(of failure: SendFailure) -> ActionOutcome {
        switch failure {
        case .notApplied(let detail): failed(detail)
        case .ambiguous(let detail): unknown(detail)
        }
    }

    private func explain(_ detail: String, field: String? = nil) -> String {
        let fieldPart = field.map { " field \($0):" } ?? ""
        return "\(kind) of \(dn):\(fieldPart) \(detail)"
    }
}
