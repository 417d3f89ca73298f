import Foundation

/// Removes known secret values from free text such as rejection reasons, which the mapper
/// writes and may quote a value in. Values shorter than `minimumLength` are left alone: a
/// one-letter "secret" would shred every sentence and protects nothing.
struct SecretScrubber: Sendable {
    static let minimumLength = 4

    /// Longest first, so a secret that contains another is replaced whole.
    private let secrets: [String]

    init(secrets: Set<String>) {
        self.secrets = secrets.filter { $0.count >= Self.minimumLength }.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    func scrub(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: SecretMask.placeholder)
        }
        return result
    }
}
