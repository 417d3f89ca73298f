/// Where a (target, anchor) record stands after the last run that touched it.
package enum RecordState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Applied at the vendor and enabled there.
    case active
    /// Disabled (or deleted) at the vendor by dirbridge; a returning user is re-imported.
    case disabled
    /// Sent, outcome unknown (timeout, crash): resolved through the vendor's lookup before any re-send.
    case pending
    /// The vendor refused or the send gave up; retried on the next run.
    case failed
}
