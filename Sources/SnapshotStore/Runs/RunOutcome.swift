/// How a run ended. The raw value is what the journal stores.
package enum RunOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every planned action was applied.
    case succeeded
    /// The run went through; some actions failed or users were rejected.
    case completedWithFailures = "completed-with-failures"
    /// The safety policy stopped a target's plan before sending.
    case blocked
    /// The run stopped early (directory read error, configuration, store): nothing or part sent.
    case aborted
}
