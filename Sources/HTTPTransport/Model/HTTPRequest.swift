import Foundation

/// One HTTP request: method, absolute URL, header fields and a binary-safe body.
package struct HTTPRequest: Sendable {
    package var method: HTTPMethod
    package var url: String
    package var headers: HTTPHeaders
    package var body: Data
    /// Overrides ``HTTPClientSettings/timeout`` for this request.
    package var timeout: Duration?
    /// Whether sending the request twice is harmless (default: every method but POST). When
    /// false the transport never sends it again by itself: libcurl otherwise repeats a request
    /// whose reused keep-alive connection closed before any response, which is also what a
    /// server that applied the request and then lost the connection looks like. The caller
    /// then gets a transport error and decides (e.g. looks the created user up).
    package var isIdempotent: Bool

    package init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: Data = Data(),
        timeout: Duration? = nil,
        isIdempotent: Bool? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.isIdempotent = isIdempotent ?? (method != .post)
    }
}

extension HTTPRequest: CustomStringConvertible {
    /// Method and URL without its query; never headers or body (they may hold secrets).
    package var description: String {
        "\(method.rawValue) \(HTTPRequest.redactedURL(url))"
    }

    /// The URL cut at the query or fragment and stripped of user info, fit for logs and errors.
    static func redactedURL(_ url: String) -> String {
        guard var components = URLComponents(string: url) else {
            return String(url.prefix { $0 != "?" && $0 != "#" })
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? url
    }
}
