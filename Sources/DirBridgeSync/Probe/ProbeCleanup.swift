/// What became of the canary at the end of a probe.
package struct ProbeCleanup: Sendable, Hashable, Encodable {
    package enum Status: String, Sendable, Hashable, Encodable {
        /// Deleted, or never created: nothing of the probe is left at the vendor.
        case removed
        /// Disabled: the vendor has no delete (Sertica), so a disabled account stays.
        case disabled
        /// Left in place on purpose (`--leave-canary`).
        case left
        /// Could not be removed, or may exist: the operator removes it by hand.
        case failed
    }

    package var status: Status
    /// What was done and, when anything is left, the canary's name and vendor id.
    package var detail: String
}
