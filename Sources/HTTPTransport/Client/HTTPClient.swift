/// The seam connectors depend on: send one request, get its response or a typed error.
/// ``CurlHTTPClient`` is the real implementation; tests of connector logic may supply their own.
package protocol HTTPClient: Sendable {
    /// Sends `request` and returns the final response, whatever its status.
    /// Task cancellation aborts the transfer and throws ``HTTPClientError/Code-swift.struct/cancelled``.
    func execute(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse
}
