import DirBridgeCore

/// An outcome with its payload already encoded, ready for a backend's write transaction: the
/// encoding happens before the writer is held.
package struct EncodedOutcome: Sendable {
    package var outcome: SnapshotOutcome
    /// Nil for a failure, and for a success whose encoding was deferred (``deferringSuccess(_:)``).
    package var payloadText: String?

    package init(_ outcome: SnapshotOutcome) {
        self.outcome = outcome
        payloadText =
            switch outcome.status {
            case .pending(let payload, _), .succeeded(_, let payload, _): PayloadCoding.encode(payload)
            case .failed: nil
            }
    }

    /// The same, but a success's payload is left to the backend: a success settles the pending
    /// mark written before its request, which holds the very payload under the same hash, and the
    /// backend copies it from there, encoding it only when there is no such mark. Every create of
    /// a first sync succeeds so; encoding each payload a second time was 2.7 % of a single-user
    /// vendor's run. A payload with sealed secrets is always encoded: a mark left by a run before
    /// the field was declared secret holds the same hash over the secret in clear.
    package static func deferringSuccess(_ outcome: SnapshotOutcome) -> EncodedOutcome {
        if case .succeeded(_, let payload, _) = outcome.status, !payload.hasSealedSecrets {
            EncodedOutcome(outcome: outcome, payloadText: nil)
        } else {
            EncodedOutcome(outcome)
        }
    }

    private init(outcome: SnapshotOutcome, payloadText: String?) {
        self.outcome = outcome
        self.payloadText = payloadText
    }
}
