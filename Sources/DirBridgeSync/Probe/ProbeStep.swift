/// One request (or short exchange) of a probe and what the vendor made of it.
package struct ProbeStep: Sendable, Hashable, Encodable {
    /// `create`, `lookup`, `duplicate create`, `update`, `re-import`, `batch`, `disable`, `delete`, …
    package var name: String
    /// What was sent, in words: which action, which fields changed.
    package var request: String
    /// The connector's reading: outcome kind, id, the vendor's message.
    package var answer: String
    /// The HTTP exchanges the step made, `METHOD /path → status`.
    package var exchanges: [String]
    package var milliseconds: Int
    package var verdict: ProbeVerdict
}
