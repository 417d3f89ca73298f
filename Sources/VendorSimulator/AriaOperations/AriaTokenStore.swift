import Foundation
import NIOConcurrencyHelpers

/// Aria Operations' API tokens: valid for six hours from last use, gone once released.
final class AriaTokenStore: Sendable {
    static let lifetime: TimeInterval = 6 * 60 * 60

    private let expiryByToken = NIOLockedValueBox([String: Date]())

    /// Issues a token and returns it with its expiry.
    func acquire(now: Date = Date()) -> (token: String, expiresAt: Date) {
        let token = "\(UUIDText.random())::\(UUIDText.random())"
        let expiry = now.addingTimeInterval(Self.lifetime)
        expiryByToken.withLockedValue { $0[token] = expiry }
        return (token, expiry)
    }

    /// True when the token is live; using it extends its life.
    func validate(_ token: String, now: Date = Date()) -> Bool {
        expiryByToken.withLockedValue { tokens in
            guard let expiry = tokens[token] else { return false }
            guard expiry > now else {
                tokens[token] = nil
                return false
            }
            tokens[token] = now.addingTimeInterval(Self.lifetime)
            return true
        }
    }

    func release(_ token: String) -> Bool {
        expiryByToken.withLockedValue { $0.removeValue(forKey: token) != nil }
    }

    var activeCount: Int {
        expiryByToken.withLockedValue { $0.count }
    }

    func reset() {
        expiryByToken.withLockedValue { $0 = [:] }
    }
}
