import DirBridgeCore

/// An outcome with its payload already encoded, ready for a backend's write transaction: the
/// encoding happens before the writer is held.
package struct EncodedOutcome: Sendable {
    package var outcome: SnapshotOutcome
    package var payloadText: String?

    package init(_ outcome: SnapshotOutcome) {
        self.outcome = outcome
        payloadText =
            switch outcome.status {
            case .pending(let payload, _), .succeeded(_, let payload, _): PayloadCoding.encode(payload)
            case .failed: nil
            }
    }
}
