import Foundation
import Synchronization

/// One request a connector sent and what came back, as far as it may be shown: the method and
/// the URL's path (never its query, which carries Forms On Fire's credentials, nor headers).
package struct HTTPExchange: Sendable, Hashable {
    package var method: String
    package var path: String
    /// nil when no HTTP answer came (the transport failed).
    package var status: Int?
    /// The transport's failure code when there was no answer.
    package var failure: String?
    /// The answer's body, kept for the few vendor answers a caller reads (Requestor's result
    /// order, Forms On Fire's error code); never printed whole.
    package var body: Data

    /// `POST /aria/suite-api/api/auth/sources/…/users → 409`.
    package var summary: String {
        "\(method) \(path) → " + (status.map(String.init) ?? "no answer (\(failure ?? "transport"))")
    }
}

/// The exchanges of the connections a ``CurlConnectorProvider`` made, in the order they ended.
package final class HTTPExchangeLog: Sendable {
    private let exchanges = Mutex<[HTTPExchange]>([])

    package init() {}

    func record(_ exchange: HTTPExchange) {
        exchanges.withLock { $0.append(exchange) }
    }

    /// What was recorded since the last ``drain()``, oldest first, kept for it.
    var pending: [HTTPExchange] {
        exchanges.withLock { $0 }
    }

    /// What was recorded since the last call, oldest first.
    package func drain() -> [HTTPExchange] {
        exchanges.withLock { recorded in
            defer { recorded.removeAll() }
            return recorded
        }
    }
}
