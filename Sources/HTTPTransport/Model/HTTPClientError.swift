/// Why a request got no HTTP response. An HTTP error status is not an error here: it is a response.
package struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidRequest, couldNotResolve, couldNotConnect, timedOut, tls,
                responseTooLarge, transport, cancelled, clientShutDown
        }

        private let base: Base

        /// The URL or an option was refused before anything was sent.
        package static let invalidRequest = Code(base: .invalidRequest)
        /// Host or proxy name did not resolve.
        package static let couldNotResolve = Code(base: .couldNotResolve)
        /// TCP connection refused or unreachable; nothing was sent.
        package static let couldNotConnect = Code(base: .couldNotConnect)
        /// Connect or total timeout hit; the server may or may not have acted on the request.
        package static let timedOut = Code(base: .timedOut)
        /// TLS handshake or certificate verification failed.
        package static let tls = Code(base: .tls)
        /// The body exceeded ``HTTPClientSettings/maxResponseBodyBytes``.
        package static let responseTooLarge = Code(base: .responseTooLarge)
        /// Connection lost, protocol error or another transfer failure.
        package static let transport = Code(base: .transport)
        /// The calling task was cancelled.
        package static let cancelled = Code(base: .cancelled)
        /// The client was shut down before the request could be sent.
        package static let clientShutDown = Code(base: .clientShutDown)

        package var description: String { base.rawValue }
    }

    package var code: Code
    /// The request's method and URL, query stripped.
    package var request: String
    /// curl's explanation, or the client's own.
    package var message: String
    /// The underlying libcurl code (CURLcode or CURLMcode), when there is one.
    package var curlCode: Int32?

    package init(code: Code, request: String, message: String, curlCode: Int32? = nil) {
        self.code = code
        self.request = request
        self.message = message
        self.curlCode = curlCode
    }

    package var description: String {
        let curl = curlCode.map { " (curl \($0))" } ?? ""
        return "\(request): \(code): \(message)\(curl)"
    }
}
