import Foundation
import Hummingbird

/// The `Authorization` header split into scheme and credentials.
struct HTTPAuthorization: Equatable {
    var scheme: String
    var credentials: String

    init?(header: String?) {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        scheme = String(parts[0])
        credentials = String(parts[1].trimmingHTTPWhitespace())
    }

    /// `user:password` of a Basic header, when well formed.
    var basic: (username: String, password: String)? {
        guard scheme.lowercased() == "basic",
            let data = Data(base64Encoded: credentials),
            let decoded = String(data: data, encoding: .utf8),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }

    /// The token of a `Bearer` header.
    var bearerToken: String? {
        scheme.lowercased() == "bearer" ? credentials : nil
    }
}

extension Request {
    var authorization: HTTPAuthorization? {
        HTTPAuthorization(header: headers[.authorization])
    }
}

/// Compares secrets without an early exit, so response timing does not leak a prefix match.
func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
    let left = Array(lhs.utf8)
    let right = Array(rhs.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0
}
