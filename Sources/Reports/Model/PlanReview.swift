import DirBridgeCore

/// What a JSON plan carries so that `sync --plan` can apply exactly what was reviewed: the
/// configuration and store it was made for, when, and a digest of the plan itself, so an edited
/// file is refused.
package struct PlanReview: Sendable, Hashable {
    /// SHA-256 of the configuration file the plan was made with.
    package var configDigest: String
    package var storePath: String
    /// ISO 8601, UTC.
    package var createdAt: String

    package init(configDigest: String, storePath: String, createdAt: String) {
        self.configDigest = configDigest
        self.storePath = storePath
        self.createdAt = createdAt
    }

    /// The digest that seals `targetsJSON` (the document's `"targets"` array, as written) to this review.
    package func digest(ofTargetsJSON targetsJSON: String) -> String {
        SHA256.hexDigest(of: Array((configDigest + "\n" + storePath + "\n" + createdAt + "\n" + targetsJSON).utf8))
    }
}
